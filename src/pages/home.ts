import english from '../../locales/en/common.json' with { type: 'json' };
import { el, type XmlChild, type XmlNode } from '../formats/xml.js';
import type { Language } from '../i18n/languages.js';
import type { FeedUrls } from '../i18n/urls.js';
import { buildFeedAutodiscovery, FEED_LINKS, langAttrs, renderPage, type PageLanguage } from './layout.js';

export interface HomeLanguage {
  language: Language;
  /** The language's feed title, in that language. */
  title: string;
  /** The language's feed description, in that language. */
  description: string;
  urls: FeedUrls;
  /** Its latest stories, newest first (none: the block says so with `noStories`). */
  latest?: HomeStory[];
  /** "Latest stories" and "No stories yet." in the language. */
  labels?: { latestStories: string; noStories: string };
}

/** One story on the home page: its headline, page and dated line, in its own language. */
export interface HomeStory {
  headline: string;
  url: string;
  /** "Published 18 February 2021", with the date as `<time>`. */
  dateLine: XmlChild[];
}

export interface HomeView {
  languages: HomeLanguage[];
  siteName: string;
  tagline: string;
  /** Rights line for the footer; no footer without one. */
  rights?: string;
  /** Page chrome; defaults to the English source strings in `locales/en/common.json`. */
  labels?: { skipToContent: string; languages: string };
}

/** `/` is an English page; each language block carries its own `lang` and `dir`. */
const PAGE_LANGUAGE: PageLanguage = { tag: 'en', direction: 'ltr', script: 'Latn' };

/** `/`: every language with its latest-stories page and its three feeds. */
export function renderHomePage(view: HomeView): string {
  const home = view.languages[0]?.urls.home ?? '/';
  return renderPage({
    language: PAGE_LANGUAGE,
    title: `${view.siteName} — ${view.tagline}`,
    head: view.languages.flatMap((l) => buildFeedAutodiscovery(l.urls, l.language, l.title)),
    siteName: view.siteName,
    homeUrl: home,
    switcher: view.languages.map((l) => ({ language: l.language, href: l.urls.languageHome })),
    labels: view.labels ?? { skipToContent: english.labels.skipToContent, languages: english.labels.languages },
    ...(view.rights !== undefined ? { footer: view.rights } : {}),
    main: [el('h1', undefined, view.siteName), el('p', undefined, view.tagline), ...view.languages.map(buildLanguageBlock)],
  });
}

function buildLanguageBlock(entry: HomeLanguage): XmlNode {
  const { language, urls } = entry;
  const id = `lang-${language.tag}`;
  return el(
    'section',
    { ...langAttrs(language), 'aria-labelledby': id },
    el('h2', { id }, language.endonym),
    el('p', undefined, entry.description),
    el('p', undefined, el('a', { href: urls.languageHome, hreflang: language.tag }, entry.title)),
    ...(entry.latest && entry.labels
      ? [
          el('h3', undefined, entry.labels.latestStories),
          entry.latest.length === 0
            ? el('p', undefined, entry.labels.noStories)
            : el('ul', { class: 'stories' }, ...entry.latest.map((s) => el('li', undefined, el('a', { href: s.url }, s.headline), ' ', el('span', { class: 'meta' }, ...s.dateLine)))),
        ]
      : []),
    el('ul', { class: 'inline' }, ...FEED_LINKS.map((f) => el('li', undefined, el('a', { href: urls[f.id], type: f.mediaType, hreflang: language.tag }, f.name)))),
  );
}

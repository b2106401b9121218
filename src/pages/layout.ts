import { toHtml } from '../formats/body.js';
import { el, type XmlChild, type XmlNode } from '../formats/xml.js';
import type { Translator } from '../i18n/i18n.js';
import { defaultLanguages, type Language, type LanguageRegistry } from '../i18n/languages.js';
import { siteUrls, type FeedUrls } from '../i18n/urls.js';
import { formatDate } from '../i18n/dates.js';

export { formatDate };

/** A fixed `t` for one language, as `createTranslator(...).t(tag)` returns it. */
export type Translate = ReturnType<Translator['t']>;

/** What the page shell needs to know about the page's own language. */
export type PageLanguage = Pick<Language, 'tag' | 'direction' | 'script'>;

/** One entry of the language switcher. */
export interface SwitcherLink {
  language: Language;
  href: string;
}

export interface PageShell {
  language: PageLanguage;
  title: string;
  /** Extra `<head>` children after the stylesheet: canonical, alternates, autodiscovery. */
  head: XmlChild[];
  siteName: string;
  homeUrl: string;
  switcher: SwitcherLink[];
  /** Tag of the language whose home this page belongs to; its switcher link gets `aria-current`. */
  currentTag?: string;
  labels: { skipToContent: string; languages: string };
  /** Rights line; no footer without one. */
  footer?: string;
  main: XmlChild[];
}

/** The public feeds in the order pages list them; ids are `FeedUrls` keys and match FEED_FORMATS. */
export const FEED_LINKS = [
  { id: 'rss', name: 'RSS 2.0', mediaType: 'application/rss+xml' },
  { id: 'atom', name: 'Atom 1.0', mediaType: 'application/atom+xml' },
  { id: 'json', name: 'JSON Feed 1.1', mediaType: 'application/feed+json' },
] as const satisfies readonly { id: keyof FeedUrls; name: string; mediaType: string }[];

/**
 * Font stacks by ISO 15924 script, from the registry's `script`, never from a language tag.
 * Naskh faces first: Sorani needs ە ێ ۆ ڕ ڵ, which many Arabic UI fonts draw poorly.
 */
const SCRIPT_STYLES: Record<string, string> = {
  Arab: 'font-family: "Noto Naskh Arabic", "Noto Sans Arabic", Vazirmatn, Tahoma, "Segoe UI", sans-serif; line-height: 1.7',
};

/** CSS list-style types for the registry's numbering systems other than Latin digits. */
const LIST_STYLE_BY_SYSTEM: Record<string, string> = { arab: 'arabic-indic', arabext: 'persian' };
const LIST_MARKERS: Record<string, string> = Object.fromEntries(
  defaultLanguages.languages.filter((l) => LIST_STYLE_BY_SYSTEM[l.numberingSystem]).map((l) => [l.tag, LIST_STYLE_BY_SYSTEM[l.numberingSystem]!]),
);

// Serialized as escaped text, so this stylesheet must never contain `<`, `>` or `&`.
const BASE_CSS = [
  'html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff }',
  'body { margin: 0 auto; max-width: 42rem; padding: 0 1rem; overflow-wrap: anywhere }',
  'img { max-width: 100%; height: auto }',
  'figure { margin: 1rem 0 }',
  'figcaption { font-size: 0.9em; color: #555 }',
  'a { color: #0645ad }',
  '.skip { position: absolute; inset-inline-start: -100rem }',
  '.skip:focus { position: static }',
  '.masthead { padding: 1rem 0; border-block-end: 1px solid #ddd }',
  '.colophon { padding: 1rem 0; border-block-start: 1px solid #ddd; font-size: 0.9em; color: #555 }',
  '.site { font-weight: bold; font-size: 1.25rem; text-decoration: none; color: inherit }',
  'nav ul, .inline { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem }',
  // List numbers in the page language's own digits (the registry's numbering system).
  ...Object.entries(LIST_MARKERS).map(([tag, type]) => `:lang(${tag}) ol { list-style-type: ${type} }`),
  '[aria-current] { font-weight: bold; text-decoration: none; color: inherit }',
  '.meta, .subjects { font-size: 0.9em; color: #555 }',
  ...Object.entries(SCRIPT_STYLES).map(([script, rules]) => `.script-${script} { ${rules} }`),
].join('\n');

/** `lang`, `dir` and the script class for an element holding text in `language`. */
export function langAttrs(language: PageLanguage): Record<string, string> {
  return { lang: language.tag, dir: language.direction, ...(SCRIPT_STYLES[language.script] ? { class: `script-${language.script}` } : {}) };
}

/** A whole HTML document: doctype, head, skip link, header with switcher, main, footer. */
export function renderPage(shell: PageShell): string {
  const head = el(
    'head',
    undefined,
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', undefined, shell.title),
    el('style', undefined, BASE_CSS),
    ...shell.head,
  );
  const body = el(
    'body',
    undefined,
    el('a', { class: 'skip', href: '#main' }, shell.labels.skipToContent),
    el('header', { class: 'masthead' }, el('a', { class: 'site', href: shell.homeUrl }, shell.siteName), buildSwitcher(shell)),
    el('main', { id: 'main', tabindex: -1 }, ...shell.main),
    shell.footer !== undefined && el('footer', { class: 'colophon' }, el('p', undefined, shell.footer)),
  );
  return `<!doctype html>\n${toHtml(el('html', langAttrs(shell.language), head, body))}\n`;
}

/** The switcher entries: every registry language's home, built from this site's home URL. */
export function buildSwitcherLinks(homeUrl: string, languages: LanguageRegistry): SwitcherLink[] {
  return languages.languages.map((language) => ({ language, href: siteUrls(homeUrl, language.tag).languageHome }));
}

function buildSwitcher(shell: PageShell): XmlNode {
  const items = shell.switcher.map(({ language, href }) =>
    el(
      'li',
      undefined,
      el('a', { href, hreflang: language.tag, ...langAttrs(language), 'aria-current': language.tag === shell.currentTag ? 'page' : undefined }, language.endonym),
    ),
  );
  return el('nav', { 'aria-label': shell.labels.languages }, el('ul', undefined, ...items));
}

/** `<link rel="alternate">` feed autodiscovery for one language's RSS, Atom and JSON Feed. */
export function buildFeedAutodiscovery(urls: Pick<FeedUrls, 'rss' | 'atom' | 'json'>, language: Language, title: string): XmlNode[] {
  return FEED_LINKS.map((f) => el('link', { rel: 'alternate', type: f.mediaType, hreflang: language.tag, title: `${title} (${f.name})`, href: urls[f.id] }));
}

/** `<link rel="alternate" hreflang>` for each language version of a page. */
export function buildHreflangLinks(versions: { tag: string; href: string }[]): XmlNode[] {
  return versions.map(({ tag, href }) => el('link', { rel: 'alternate', hreflang: tag, href }));
}

/**
 * A plural count in the language's own digits. i18next writes `{{count}}` with ASCII digits
 * whatever the locale, so the number it wrote is swapped for the registry's numbering system.
 */
export function translateCount(t: Translate, key: 'counts.stories', count: number, language: Language): string {
  const digits = new Intl.NumberFormat(language.intlLocale, { numberingSystem: language.numberingSystem }).format(count);
  return t(key, { count }).replace(String(count), digits);
}

// Private-use characters: no translation contains them, so splitting on them is safe.
const DATE_MARK = '\uE000date\uE000';

/**
 * "Published {{date}}" with the date as `<time datetime>`: the translation keeps its own word
 * order, and only the date itself is marked up.
 */
export function buildDateLine(t: Translate, key: 'labels.published' | 'labels.updated', iso: string, language: Language): XmlChild[] {
  const time = el('time', { datetime: iso }, formatDate(iso, language));
  const parts = t(key, { date: DATE_MARK }).split(DATE_MARK);
  if (parts.length === 1) return [parts[0], ' ', time];
  return parts.flatMap((part, i) => (i === 0 ? [part] : [time, part])).filter((part) => part !== '');
}


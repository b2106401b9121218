import { topicFeedUrls } from '../i18n/urls.js';
import { el, type XmlNode } from '../formats/xml.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { LocalizedFeed, LocalizedItem } from '../i18n/localize.js';
import {
  buildDateLine,
  buildFeedAutodiscovery,
  buildHreflangLinks,
  buildSwitcherLinks,
  FEED_LINKS,
  renderPage,
  translateCount,
  type Translate,
} from './layout.js';

/** `/{lang}/`: the latest stories in one language and its feeds, each with a validator link. */
export function renderLanguagePage(feed: LocalizedFeed, t: Translate, languages: LanguageRegistry): string {
  const { language, urls } = feed;
  const switcher = buildSwitcherLinks(urls.home, languages);
  return renderPage({
    language,
    title: feed.title,
    head: [
      ...buildFeedAutodiscovery(urls, language, feed.title),
      // The Media Topic feeds of the topics the page's stories name (at most TOPIC_LINKS of them).
      ...topicsOf(feed).flatMap((s) => buildFeedAutodiscovery(topicFeedUrls(urls.languageHome, s.code), language, t('feed.topicTitle', { title: feed.title, topic: s.label }))),
      // Google: every version lists itself and all the others; x-default is the language picker.
      ...buildHreflangLinks([...switcher.map((s) => ({ tag: s.language.tag, href: s.href })), { tag: 'x-default', href: urls.home }]),
    ],
    siteName: t('site.name'),
    homeUrl: urls.home,
    switcher,
    currentTag: language.tag,
    labels: { skipToContent: t('labels.skipToContent'), languages: t('labels.languages') },
    footer: feed.rights,
    main: [
      el('h1', undefined, feed.title),
      el('p', undefined, feed.description),
      el(
        'section',
        { 'aria-labelledby': 'latest' },
        el('h2', { id: 'latest' }, t('labels.latestStories')),
        ...(feed.items.length === 0
          ? [el('p', undefined, t('labels.noStories'))]
          : [el('p', { class: 'meta' }, translateCount(t, 'counts.stories', feed.items.length, language)), el('ol', { class: 'stories' }, ...feed.items.map((item) => buildStory(item, t)))]),
      ),
      el('section', { 'aria-labelledby': 'feeds' }, el('h2', { id: 'feeds' }, t('labels.feeds')), buildFeedList(feed, t)),
    ],
  });
}

/** Topic feeds the language page announces, at most: each is three `<link>`s. */
const TOPIC_LINKS = 12;

/** The distinct topics of the page's stories, in the order they first appear. */
function topicsOf(feed: LocalizedFeed): LocalizedItem['subjects'] {
  const seen = new Map<string, LocalizedItem['subjects'][number]>();
  for (const item of feed.items) for (const s of item.subjects) if (!seen.has(s.code)) seen.set(s.code, s);
  return [...seen.values()].slice(0, TOPIC_LINKS);
}

function buildStory(item: LocalizedItem, t: Translate): XmlNode {
  return el(
    'li',
    undefined,
    el(
      'article',
      undefined,
      el('h3', undefined, el('a', { href: item.url }, item.headline)),
      item.summary !== '' && el('p', undefined, item.summary),
      el('p', { class: 'meta' }, ...buildDateLine(t, 'labels.published', item.published, item.language)),
    ),
  );
}

function buildFeedList(feed: LocalizedFeed, t: Translate): XmlNode {
  return el(
    'ul',
    undefined,
    ...FEED_LINKS.map((f) =>
      el(
        'li',
        undefined,
        // Readers subscribe here; checking feeds is the developers' business, not theirs.
        el('a', { href: feed.urls[f.id], type: f.mediaType }, f.name),
      ),
    ),
  );
}

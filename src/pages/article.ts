import { buildBody } from '../formats/body.js';
import { el, type XmlChild, type XmlNode } from '../formats/xml.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { LocalizedItem } from '../i18n/localize.js';
import { siteUrls } from '../i18n/urls.js';
import { buildDateLine, buildFeedAutodiscovery, buildHreflangLinks, buildSwitcherLinks, langAttrs, renderPage, type Translate } from './layout.js';

/** `/{lang}/articles/{id}`: one language version of a story, linked to its other versions. */
export function renderArticlePage(item: LocalizedItem, t: Translate, languages: LanguageRegistry): string {
  const { language } = item;
  // The permalink is `<home>/<lang>/articles/<id>` (siteUrls), so its home is two segments up.
  const urls = siteUrls(new URL('../../', item.url).href, language.tag);
  return renderPage({
    language,
    title: `${item.headline} — ${t('site.name')}`,
    head: [
      el('link', { rel: 'canonical', href: item.url }),
      // Google: every version lists itself and all the others.
      ...buildHreflangLinks([{ tag: language.tag, href: item.url }, ...item.alternates.map((a) => ({ tag: a.language.tag, href: a.url }))]),
      ...buildFeedAutodiscovery(urls, language, t('feed.title')),
    ],
    siteName: t('site.name'),
    homeUrl: urls.home,
    switcher: buildSwitcherLinks(urls.home, languages),
    currentTag: language.tag,
    labels: { skipToContent: t('labels.skipToContent'), languages: t('labels.languages') },
    footer: item.rights,
    main: [
      el(
        'article',
        undefined,
        el('header', undefined, el('h1', undefined, item.headline), el('p', { class: 'meta' }, ...buildDates(item, t), ...buildReadingTime(item, t))),
        buildBody(item),
        item.subjects.length > 0 && el('ul', { class: 'subjects inline' }, ...item.subjects.map((s) => el('li', undefined, s.label))),
      ),
      item.alternates.length > 0 && buildAlternates(item, t),
    ],
  });
}

/** Published, and updated only when the version changed after publication. */
function buildDates(item: LocalizedItem, t: Translate): XmlChild[] {
  const published = buildDateLine(t, 'labels.published', item.published, item.language);
  if (item.updated === item.published) return published;
  return [...published, ' · ', ...buildDateLine(t, 'labels.updated', item.updated, item.language)];
}

/**
 * Reading rates in words a minute, by ISO 15924 script (the registry's `script`, never a language
 * tag). Latin: 200, the usual round figure for news copy (adults read English non-fiction silently
 * at about 238: Brysbaert, J. Memory and Language 109, 2019). Arabic script: 138, the mean IReST
 * measured for adult native readers of Arabic on texts equated in content across 17 languages
 * (Trauzettel-Klosinski & Dietz, IOVS 53(9):5452, 2012; 184 over all 17, about 228 for English):
 * Arabic joins the article, conjunctions, prepositions and pronouns to the word, so a text has
 * fewer, longer words, read more slowly each. Sorani, written in the same script and joining
 * clitics the same way, has no published measure and takes its script's rate.
 */
const WORDS_PER_MINUTE: Readonly<Record<string, number>> = { Latn: 200, Arab: 138 };
const DEFAULT_WORDS_PER_MINUTE = 200;

/** Minutes to read the body: words over the script's rate, rounded up (a started minute counts); 0 for a body without words. */
export function estimateReadingMinutes(item: Pick<LocalizedItem, 'body' | 'language'>): number {
  const text = item.body.map((b) => `${b.text} ${b.cite ?? ''}`).join(' ');
  // A word is a run between spaces with a letter or digit in it (a lone dash is not one).
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words === 0) return 0;
  return Math.ceil(words / (WORDS_PER_MINUTE[item.language.script] ?? DEFAULT_WORDS_PER_MINUTE));
}

/** " · 2-minute read", its number in the language's own digits (i18next writes ASCII ones). */
function buildReadingTime(item: LocalizedItem, t: Translate): XmlChild[] {
  const count = estimateReadingMinutes(item);
  if (count === 0) return [];
  const { intlLocale, numberingSystem } = item.language;
  const digits = new Intl.NumberFormat(intlLocale, { numberingSystem }).format(count);
  return [' · ', t('counts.minutesToRead', { count }).replace(String(count), digits)];
}

function buildAlternates(item: LocalizedItem, t: Translate): XmlNode {
  return el(
    'nav',
    { 'aria-labelledby': 'other-languages' },
    el('h2', { id: 'other-languages' }, t('labels.otherLanguages')),
    el(
      'ul',
      undefined,
      ...item.alternates.map((a) =>
        el('li', undefined, el('a', { href: a.url, hreflang: a.language.tag, ...langAttrs(a.language) }, a.language.endonym)),
      ),
    ),
  );
}

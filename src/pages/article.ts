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
        el('header', undefined, el('h1', undefined, item.headline), el('p', { class: 'meta' }, ...buildDates(item, t))),
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

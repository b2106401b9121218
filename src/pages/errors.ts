import { el } from '../formats/xml.js';
import type { Language, LanguageRegistry } from '../i18n/languages.js';
import { siteUrls } from '../i18n/urls.js';
import { buildSwitcherLinks, renderPage, type Translate } from './layout.js';

/** The error pages people see, each in the language of the path they asked for. */
export const ERROR_STATUSES = [404, 410, 500] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

const KEYS = { 404: 'notFound', 410: 'gone', 500: 'serverError' } as const satisfies Record<ErrorStatus, string>;

/**
 * An error page in `language` and its direction: what happened, in that language, and a way on
 * (that language's latest stories, and the switcher to every other language).
 */
export function renderErrorPage(status: ErrorStatus, language: Language, t: Translate, languages: LanguageRegistry, homeUrl: string): string {
  const key = KEYS[status];
  const urls = siteUrls(homeUrl, language.tag);
  const title = t(`errors.${key}.title`);
  return renderPage({
    language,
    title: `${title} — ${t('site.name')}`,
    head: [el('meta', { name: 'robots', content: 'noindex' })],
    siteName: t('site.name'),
    homeUrl: urls.home,
    switcher: buildSwitcherLinks(urls.home, languages),
    currentTag: language.tag,
    labels: { skipToContent: t('labels.skipToContent'), languages: t('labels.languages') },
    main: [el('h1', undefined, title), el('p', undefined, t(`errors.${key}.text`)), el('p', undefined, el('a', { href: urls.languageHome }, t('errors.elsewhere')))],
  });
}

import type { LanguageRegistry } from '../i18n/languages.js';
import type { Translator } from '../i18n/i18n.js';
import { feedUrls } from '../i18n/urls.js';
import type { LocalizedFeed } from '../i18n/localize.js';
import { renderHomePage, renderLanguagePage, type HomeView } from '../pages/index.js';
import { buildDateLine } from '../pages/layout.js';
import { Publisher, type PublisherDeps } from './publisher.js';

/** The id of each language's HTML page in its published set. */
export const LANGUAGE_PAGE = 'index.html';

/** The publisher of the site (service and static build): every feed format plus each language's HTML page. */
export function createSitePublisher(deps: Omit<PublisherDeps, 'extraOutputs' | 'home'>): Publisher {
  return new Publisher({
    ...deps,
    home: { contentLanguage: 'en', render: (feeds) => renderHomePage(buildHomeView(deps, feeds)) },
    extraOutputs: [
      {
        id: LANGUAGE_PAGE,
        contentType: 'text/html; charset=utf-8',
        render: (feed) => renderLanguagePage(feed, deps.translator.t(feed.language.tag), deps.languages),
      },
    ],
  });
}

/** The home page's view: every language with its feeds and, given them, its latest stories. */
export function buildHomeView(s: { languages: LanguageRegistry; translator: Translator; baseUrl: string }, feeds?: readonly LocalizedFeed[]): HomeView {
  const en = s.translator.t('en');
  return {
    siteName: en('site.name'),
    tagline: en('site.tagline'),
    languages: s.languages.languages.map((language) => {
      const t = s.translator.t(language.tag);
      const feed = feeds?.find((f) => f.language.tag === language.tag);
      return {
        language,
        title: t('feed.title'),
        description: t('feed.description'),
        urls: feedUrls(s.baseUrl, language.tag),
        ...(feed
          ? {
              labels: { latestStories: t('labels.latestStories'), noStories: t('labels.noStories') },
              latest: feed.items.map((item) => ({ headline: item.headline, url: item.url, dateLine: buildDateLine(t, 'labels.published', item.published, language) })),
            }
          : {}),
      };
    }),
  };
}

import { renderLanguagePage } from '../pages/index.js';
import { Publisher } from '../publish/publisher.js';
import type { AppDeps } from './deps.js';

/** The id of each language's HTML page in its published set. */
export const LANGUAGE_PAGE = 'index.html';

/** The publisher of the service: every feed format plus each language's HTML page. */
export function createPublisher(deps: AppDeps): Publisher {
  return new Publisher({
    ...deps,
    extraOutputs: [
      {
        id: LANGUAGE_PAGE,
        contentType: 'text/html; charset=utf-8',
        render: (feed) => renderLanguagePage(feed, deps.translator.t(feed.language.tag), deps.languages),
      },
    ],
  });
}

import type { LocalizedFeed } from '../i18n/localize.js';
import { atomFormat } from './atom/index.js';
import type { Format } from './format.js';
import { jsonFeedFormat } from './jsonfeed/index.js';
import { newsItemFormat, newsMessageFormat, packageItemFormat } from './newsml/index.js';
import { ninjsItemFormat, ninjsLatestFormat } from './ninjs/index.js';
import { rssFormat } from './rss/index.js';

/** The public feed formats. Adding one is a module plus an entry here; routes and files follow. */
export const FEED_FORMATS: readonly Format<LocalizedFeed>[] = [rssFormat, atomFormat, jsonFeedFormat];
/** The formats of the monthly archives (RFC 5005 §4): Atom and JSON Feed. */
export const ARCHIVE_FORMATS: readonly Format<LocalizedFeed>[] = [atomFormat, jsonFeedFormat];

/** The partner (NewsML-G2) formats. */
export const NEWSML_FORMATS = { item: newsItemFormat, package: packageItemFormat, message: newsMessageFormat } as const;

/** The partner ninjs 3.1 formats: one item, and a language's latest items (the newsMessage's). */
export const NINJS_FORMATS = { item: ninjsItemFormat, latest: ninjsLatestFormat } as const;

import type { PubStatus } from '../article/types.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import { decodeListCursor } from '../store/desk.js';
import type { ArticlePage, ArticleSummary, ListArticlesOptions } from '../store/store.js';
import { ValidationError, type Problem } from '../validate/problems.js';

/**
 * The editors' list (`GET /api/articles`, `rojname list`): one check of its filter for both, each
 * problem naming the parameter or flag it came from (`?limit`, `--limit`).
 */

export const LIST_FILTERS = ['language', 'status', 'since', 'cursor', 'limit'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

const STATUSES: readonly PubStatus[] = ['usable', 'withheld', 'canceled'];

/** RFC 3339 §5.6 `date-time`: a full date, a time and an offset (Z or ±hh:mm). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** What `GET /api/articles` answers and `rojname list --json` prints. */
export interface ArticleList {
  items: ArticleSummary[];
  /** Pass it as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function toArticleList(page: ArticlePage): ArticleList {
  return { items: page.items, nextCursor: page.next ?? null };
}

/**
 * The list options the given values ask for (each given at most once), or a `ValidationError`
 * listing every problem. `inputs` names where each value came from, e.g. `?since` or `--since`.
 */
export function checkArticleListQuery(values: Partial<Record<ListFilter, readonly string[]>>, languages: LanguageRegistry, inputs: Record<ListFilter, string>): ListArticlesOptions {
  const problems: Problem[] = [];
  const one = (name: ListFilter): string | undefined => {
    const given = values[name] ?? [];
    if (given.length > 1) problems.push({ pointer: inputs[name], message: `${inputs[name]} is given ${given.length} times: give it once` });
    return given.length === 1 ? given[0] : undefined;
  };
  const options: ListArticlesOptions = { limit: DEFAULT_LIST_LIMIT };
  const limit = one('limit');
  if (limit !== undefined) {
    if (/^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_LIST_LIMIT) options.limit = Number(limit);
    else problems.push({ pointer: inputs.limit, message: `${inputs.limit} must be a whole number from 1 to ${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT}), not ${JSON.stringify(limit)}` });
  }
  const status = one('status');
  if (status !== undefined) {
    if ((STATUSES as readonly string[]).includes(status)) options.status = status as PubStatus;
    else problems.push({ pointer: inputs.status, message: `${inputs.status} must be one of ${STATUSES.join(', ')}, not ${JSON.stringify(status)}` });
  }
  const language = one('language');
  if (language !== undefined) {
    if (languages.tags.includes(language)) options.language = language;
    else problems.push({ pointer: inputs.language, message: `${inputs.language} must be a language of this service (${languages.tags.join(', ')}), not ${JSON.stringify(language)}` });
  }
  const since = one('since');
  if (since !== undefined) {
    const ms = RFC3339.test(since) ? Date.parse(since) : Number.NaN;
    if (Number.isFinite(ms) && ms >= 0) options.since = ms;
    else problems.push({ pointer: inputs.since, message: `${inputs.since} must be a date and time with an offset (RFC 3339), e.g. 2021-02-18T19:30:00+03:00, not ${JSON.stringify(since)}` });
  }
  const cursor = one('cursor');
  if (cursor !== undefined) {
    try {
      decodeListCursor(cursor, inputs.cursor);
      options.after = cursor;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ValidationError('list request', problems);
  return options;
}

import type { JSONSchemaType } from 'ajv';
import type { PubStatus } from '../article/types.js';
import { siteUrls } from '../i18n/urls.js';
import type { Change } from '../store/store.js';
import type { Problem } from '../validate/problems.js';
import { defineFormat } from './format.js';
import { absoluteUrl, rfc3339 } from './shared-schema.js';

/** One page of the partner change feed, as the store hands it over. */
export interface ChangesView {
  baseUrl: string;
  changes: Change[];
  /** The cursor the page was asked for. */
  since: string;
  hasMore: boolean;
  /**
   * The position the page was read through (the head when it was read): the `nextCursor` of a last
   * page, so a partner whose view skips many entries does not read them again.
   */
  through?: string;
}

/** One entry of the change feed, as a partner sees it (and as its webhook's `data` carries it). */
export interface ChangeEntry {
  cursor: string;
  storyId: string;
  language: string;
  /** The language version's own version (NewsML-G2 `@version`). */
  version: number;
  pubStatus: PubStatus;
  kind: Change['kind'];
  time: string;
  /** That version's newsItem. */
  url: string;
}

/** The wire document of `GET /newsml/changes`. */
export interface ChangesPage {
  changes: ChangeEntry[];
  nextCursor: string;
  hasMore: boolean;
}

const cursor = { type: 'string', pattern: '^[0-9]{1,15}$' } as const;

/** The properties of one entry (the webhook event's `data` adds its own beside them). */
export const changeEntryProperties = {
  cursor,
  storyId: { type: 'string', minLength: 1 },
  language: { type: 'string', minLength: 2 },
  version: { type: 'integer', minimum: 1 },
  pubStatus: { type: 'string', enum: ['usable', 'withheld', 'canceled'] },
  kind: { type: 'string', enum: ['new', 'update', 'correction', 'withhold', 'kill', 'embargo-lifted'] },
  time: rfc3339,
  url: absoluteUrl,
} as const;
export const changeEntryRequired = ['cursor', 'storyId', 'language', 'version', 'pubStatus', 'kind', 'time', 'url'] as const;

export const changesSchema: JSONSchemaType<ChangesPage> = {
  $id: 'https://rojname.example/schemas/changes.schema.json',
  title: 'Partner change feed page (GET /newsml/changes)',
  type: 'object',
  additionalProperties: false,
  required: ['changes', 'nextCursor', 'hasMore'],
  properties: {
    changes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...changeEntryRequired],
        properties: changeEntryProperties,
      },
    },
    nextCursor: cursor,
    hasMore: { type: 'boolean' },
  },
};

/** Cursors only move forward: a partner that follows them sees each change once. */
function checkChangesRules(page: ChangesPage): Problem[] {
  const problems: Problem[] = [];
  page.changes.forEach((c, i) => {
    const prev = page.changes[i - 1];
    if (prev && Number(c.cursor) <= Number(prev.cursor)) problems.push({ pointer: `/changes/${i}/cursor`, message: 'does not follow the previous cursor' });
  });
  return problems;
}

/** One change as the feed shows it: its cursor, and the URL of that version's newsItem. */
export function buildChangeEntry(baseUrl: string, ch: Change): ChangeEntry {
  return {
    cursor: String(ch.seq),
    storyId: ch.articleId,
    language: ch.language,
    version: ch.itemVersion,
    pubStatus: ch.pubStatus,
    kind: ch.kind,
    time: ch.at,
    url: `${siteUrls(baseUrl, ch.language).newsmlItem(ch.articleId)}?version=${ch.itemVersion}`,
  };
}

export function buildChangesPage(view: ChangesView): ChangesPage {
  return {
    changes: view.changes.map((ch) => buildChangeEntry(view.baseUrl, ch)),
    nextCursor: !view.hasMore && view.through !== undefined ? view.through : view.changes.length ? String(view.changes.at(-1)!.seq) : view.since,
    hasMore: view.hasMore,
  };
}

export const changesFormat = defineFormat<ChangesView, ChangesPage>({
  id: 'changes',
  mediaType: 'application/json',
  file: 'changes.json',
  schema: changesSchema,
  build: buildChangesPage,
  serialize: (page) => `${JSON.stringify(page, null, 2)}\n`,
  extraRules: checkChangesRules,
});

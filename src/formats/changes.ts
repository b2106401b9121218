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

/** The wire document of `GET /newsml/changes`. */
export interface ChangesPage {
  changes: {
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
  }[];
  nextCursor: string;
  hasMore: boolean;
}

const cursor = { type: 'string', pattern: '^[0-9]{1,15}$' } as const;

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
        required: ['cursor', 'storyId', 'language', 'version', 'pubStatus', 'kind', 'time', 'url'],
        properties: {
          cursor,
          storyId: { type: 'string', minLength: 1 },
          language: { type: 'string', minLength: 2 },
          version: { type: 'integer', minimum: 1 },
          pubStatus: { type: 'string', enum: ['usable', 'withheld', 'canceled'] },
          kind: { type: 'string', enum: ['new', 'update', 'correction', 'withhold', 'kill', 'embargo-lifted'] },
          time: rfc3339,
          url: absoluteUrl,
        },
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

export function buildChangesPage(view: ChangesView): ChangesPage {
  return {
    changes: view.changes.map((ch) => ({
      cursor: String(ch.seq),
      storyId: ch.articleId,
      language: ch.language,
      version: ch.itemVersion,
      pubStatus: ch.pubStatus,
      kind: ch.kind,
      time: ch.at,
      url: `${siteUrls(view.baseUrl, ch.language).newsmlItem(ch.articleId)}?version=${ch.itemVersion}`,
    })),
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

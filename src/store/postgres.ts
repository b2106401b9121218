import pg from 'pg';
import type { Article } from '../article/types.js';
import type { Checker } from '../validate/ajv.js';
import { ConflictError, NotFoundError, StaleVersionError, StoreConnectionError } from './errors.js';
import { EmbargoLiftTimer } from './lifts.js';
import { checkPostgresSchema } from './migrate.js';
import { ChangeSource, type ChangeListener } from './notifier.js';
import { appendChange, CHANGES_CHANNEL, endChangeLogTurn, takeChangeLogTurn, type ChangeLogTurn } from './postgres-log.js';
import { NotificationListener } from './postgres-listen.js';
import { PostgresWebhookOutbox } from './postgres-webhooks.js';
import type { ArticleStore, Change, ChangeFilter, Clock, LanguageState, ListKilledOptions, ListLatestOptions, ListTopicOptions, ListPublishedOptions, PublishedPage, StoryVersion } from './store.js';
import type { ArticlePage, ListArticlesOptions, MediaInput, VersionSummary, WriteOptions } from './store.js';
import type { MediaInfo } from '../media/catalog.js';
import { mediaReferenceProblems, referencedUploads } from '../media/references.js';
import { ValidationError } from '../validate/problems.js';
import { deskLanguages, listArticlesSql, listParams, listVariant, toArticlePage, toMediaInfo, toPositional, toVersionSummary, type DeskLanguageRow, type ListRow, type ListVariant, type MediaRow, type VersionRow as DeskVersionRow } from './desk.js';
import {
  checkUpdatedId,
  checkWrittenArticle,
  decodeCursor,
  encodeCursor,
  filterParams,
  liftWrite,
  planLanguageWrites,
  toChange,
  toStoryVersion,
  withoutCarriedOver,
  type ChangeRow,
  type DueLiftRow,
  type LangRow,
  type VersionRow,
} from './versions.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (ROJNAME_DATABASE_URL). */
  connectionString: string;
  checkArticle: Checker<Article>;
  clock?: Clock;
  /** How often the change log is read while someone watches, in case a notification was lost (ms); default 500. */
  watchIntervalMs?: number;
  /** Most connections the query pool opens (default 10); `watch` uses one more, its own. */
  maxConnections?: number;
}

/** The most changes one fallback read announces at a time. */
const WATCH_PAGE = 1000;

/**
 * bigint (int8) columns are milliseconds and change-log positions, all far below 2^53: read them
 * as numbers, for this store's connections only (pg's global parsers are left alone).
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
};

/** `nextEmbargo`: one seek in article_languages_embargo (exposed for the test of its plan). */
export const NEXT_EMBARGO_SQL = `SELECT min(embargo_ms) AS ms FROM article_languages WHERE lang = $1 AND pub_status = 'usable' AND embargo_ms IS NOT NULL AND embargo_ms > $2`;

/** Exposed for tests that check the plan of the hot query: each language version as of its own last change. */
export const LIST_LATEST_SQL = `
SELECT l.id, v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status FROM article_languages l
  JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
 WHERE l.lang = $1 AND l.pub_status = 'usable' AND (l.embargo_ms IS NULL OR l.embargo_ms <= $2)
 ORDER BY l.sort_ms DESC, l.id
 LIMIT $3`;

/** `listTopic`: one range of the topic index (see the SQLite store). */
export const LIST_TOPIC_SQL = `
SELECT l.id, v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status FROM language_topics t
  JOIN article_languages l ON l.id = t.id AND l.lang = t.lang
  JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
 WHERE t.lang = $1 AND t.code = $2 AND (t.embargo_ms IS NULL OR t.embargo_ms <= $3)
 ORDER BY t.sort_ms DESC, t.id
 LIMIT $4`;

/** `listPublished`: keyset paging through the same partial index (see the SQLite store). */
export const LIST_PUBLISHED_SQL = `
SELECT v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status, l.sort_ms, l.id FROM article_languages l
  JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
 WHERE l.lang = $1 AND l.pub_status = 'usable' AND (l.embargo_ms IS NULL OR l.embargo_ms <= $2)
   AND l.sort_ms <= $3 AND (l.sort_ms < $3 OR l.id > $4)
 ORDER BY l.sort_ms DESC, l.id
 LIMIT $5`;

/** Every statement the store runs, by name: pg prepares each once per connection, on first use. */
const SQL = {
  insertArticle: 'INSERT INTO articles (id, version, pub_status) VALUES ($1, 1, $2)',
  updateArticle: 'UPDATE articles SET version = $1, pub_status = $2 WHERE id = $3',
  currentVersion: 'SELECT version FROM articles WHERE id = $1',
  doc: 'SELECT doc FROM article_versions WHERE id = $1 AND version = $2',
  latestDoc: 'SELECT v.doc FROM articles a JOIN article_versions v ON v.id = a.id AND v.version = a.version WHERE a.id = $1',
  history: 'SELECT doc FROM article_versions WHERE id = $1 ORDER BY version',
  lastCreated: 'SELECT max(created_ms) AS ms FROM article_versions',
  insertVersion: 'INSERT INTO article_versions (id, version, created_ms, doc, editor) VALUES ($1, $2, $3, $4, $5)',
  // The editors' desk (schema 4, src/store/desk.ts).
  setArticleChanged: 'UPDATE articles SET changed_ms = $1 WHERE id = $2',
  clearDeskLanguages: 'DELETE FROM desk_languages WHERE id = $1',
  insertDeskLanguages: `INSERT INTO desk_languages (id, lang, headline, pub_status, changed_ms)
                        SELECT $1, l, h, $4, $5 FROM unnest($2::text[], $3::text[]) AS t(l, h)`,
  listArticles_all: toPositional(listArticlesSql('all')).text,
  listArticles_status: toPositional(listArticlesSql('status')).text,
  listArticles_language: toPositional(listArticlesSql('language')).text,
  listArticles_languageStatus: toPositional(listArticlesSql('languageStatus')).text,
  deskLanguagesOf: `SELECT d.id, d.lang, d.headline, l.item_version, l.pub_status FROM desk_languages d
                      JOIN article_languages l ON l.id = d.id AND l.lang = d.lang
                     WHERE d.id = ANY($1::text[]) ORDER BY d.id, d.lang`,
  versions: `SELECT v.version, v.created_ms, v.editor, j.doc ->> 'pubStatus' AS pub_status, j.doc ->> 'signal' AS signal,
                    (SELECT json_agg(k) FROM json_object_keys(j.doc -> 'localizations') k) AS languages
               FROM article_versions v, LATERAL (SELECT v.doc::json AS doc) j
              WHERE v.id = $1 ORDER BY v.version`,
  insertMedia: 'INSERT INTO media (sha256, type, width, height, size, created_ms, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING',
  mediaInfo: 'SELECT sha256, type, width, height, size, created_ms FROM media WHERE sha256 = $1',
  mediaInfos: 'SELECT sha256, type, width, height, size, created_ms FROM media WHERE sha256 = ANY($1::text[])',
  mediaWithBody: 'SELECT sha256, type, width, height, size, created_ms, body FROM media WHERE sha256 = $1',
  listLatest: LIST_LATEST_SQL,
  listPublished: LIST_PUBLISHED_SQL,
  storyVersion: `SELECT l.id, v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status FROM article_languages l
                   JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
                  WHERE l.id = $1 AND l.lang = $2`,
  storyItemVersion: `SELECT c.id, v.doc, c.lang, c.item_version, c.at_ms AS changed_ms, c.pub_status FROM changes c
                       JOIN article_versions v ON v.id = c.id AND v.version = c.article_version
                      WHERE c.id = $1 AND c.lang = $2 AND c.item_version = $3 AND c.kind <> 'embargo-lifted'`,
  nextEmbargo: NEXT_EMBARGO_SQL,
  lastRemoval: `SELECT max(at_ms) AS ms FROM changes WHERE lang = $1 AND pub_status <> 'usable'`,
  clearTopics: 'DELETE FROM language_topics WHERE id = $1 AND lang = $2',
  insertTopics: 'INSERT INTO language_topics (lang, code, sort_ms, id, embargo_ms) SELECT $1, code, $3, $4, $5 FROM unnest($2::text[]) AS code',
  listTopic: LIST_TOPIC_SQL,
  // The kill that made each language version what it is now (through the removals index).
  listKilled: `SELECT c.id, v.doc, c.lang, c.item_version, c.at_ms AS changed_ms, c.pub_status FROM changes c
                 JOIN article_languages l ON l.id = c.id AND l.lang = c.lang AND l.item_version = c.item_version AND l.pub_status = 'canceled'
                 JOIN article_versions v ON v.id = c.id AND v.version = c.article_version
                WHERE c.lang = $1 AND c.pub_status <> 'usable' AND c.pub_status = 'canceled' AND c.at_ms >= $2 AND c.at_ms < $3
                ORDER BY c.at_ms DESC, c.id
                LIMIT $4`,
  languageStates: 'SELECT lang, item_version, article_version, fingerprint, pub_status, changed_ms FROM article_languages WHERE id = $1 ORDER BY lang',
  languageRows: 'SELECT lang, item_version, article_version, fingerprint, pub_status, changed_ms FROM article_languages WHERE id = $1',
  upsertLanguage: `
    INSERT INTO article_languages (id, lang, item_version, article_version, fingerprint, pub_status, embargo_ms, sort_ms, changed_ms, lift_due_ms)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (id, lang) DO UPDATE SET item_version = excluded.item_version, article_version = excluded.article_version,
      fingerprint = excluded.fingerprint, pub_status = excluded.pub_status, embargo_ms = excluded.embargo_ms,
      sort_ms = excluded.sort_ms, changed_ms = excluded.changed_ms, lift_due_ms = excluded.lift_due_ms`,
  changesAfter: 'SELECT seq, id, lang, item_version, article_version, pub_status, kind, at_ms FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2',
  // A reader's view of the log (see the SQLite store's CHANGES_FILTERED_SQL).
  changesFiltered: `SELECT seq, id, lang, item_version, article_version, pub_status, kind, at_ms FROM changes
                     WHERE seq > $1 AND seq <= $2
                       AND ($3::text[] IS NULL OR lang = ANY($3::text[]))
                       AND ($4::int = 0 OR ($4::int = 1 AND kind <> 'embargo-lifted')
                            OR ($4::int = 2 AND (pub_status <> 'usable' OR embargo_ms IS NULL OR embargo_ms <= at_ms)))
                     ORDER BY seq LIMIT $5`,
  nextLift: 'SELECT min(lift_due_ms) AS ms FROM article_languages WHERE lift_due_ms IS NOT NULL',
  dueLift: 'SELECT 1 AS due FROM article_languages WHERE lift_due_ms IS NOT NULL AND lift_due_ms <= $1 LIMIT 1',
  dueLifts: `SELECT id, lang, item_version, article_version, lift_due_ms FROM article_languages
              WHERE lift_due_ms IS NOT NULL AND lift_due_ms <= $1 ORDER BY lift_due_ms, id, lang`,
  clearLift: 'UPDATE article_languages SET lift_due_ms = NULL WHERE id = $1 AND lang = $2',
  putRequestCounts: `INSERT INTO partner_requests (partner, window_ms, replica, count)
                     SELECT p, $2, $3, n FROM unnest($1::text[], $4::int[]) AS t(p, n)
                     ON CONFLICT (partner, window_ms, replica) DO UPDATE SET count = excluded.count`,
  dropRequestCounts: 'DELETE FROM partner_requests WHERE window_ms < $1',
  otherRequestCounts: 'SELECT partner, sum(count)::int AS n FROM partner_requests WHERE window_ms = $1 AND replica <> $2 GROUP BY partner',
  headSeq: 'SELECT seq FROM change_log_head',
  lastChange: 'SELECT seq, id, lang, item_version, article_version, pub_status, kind, at_ms FROM changes WHERE lang = $1 ORDER BY seq DESC LIMIT 1',
} as const;

type Statement = keyof typeof SQL;
type Queryable = pg.Pool | pg.PoolClient;

/** Runs one of the store's statements, prepared under its own name. */
async function run<R extends pg.QueryResultRow>(db: Queryable, statement: Statement, values: unknown[] = []): Promise<R[]> {
  const result = await db.query<R>({ name: `rojname.${statement}`, text: SQL[statement], values });
  return result.rows;
}

/** A write transaction: its connection, and its turn at the change log. */
interface WriteTx {
  client: pg.PoolClient;
  turn: ChangeLogTurn;
}

/**
 * The PostgreSQL store: the SQLite store's behaviour, row for row (`src/store/versions.ts` holds
 * what both do), on a server several replicas share. Open it with `PostgresArticleStore.open`,
 * which refuses a database `rojname migrate` has not brought to this rojname's schema.
 *
 * Writers take turns on the change log's head row (see `postgres-log.ts`), so change-log positions
 * follow commit order. `watch` announces this process's writes right after their commit and other
 * processes' as soon as their NOTIFY arrives, with a timer read as the fallback.
 */
export class PostgresArticleStore implements ArticleStore {
  readonly #pool: pg.Pool;
  readonly #check: Checker<Article>;
  readonly #clock: Clock;
  readonly #changes: ChangeSource;
  readonly #listener: NotificationListener;
  readonly #lifts: EmbargoLiftTimer;
  readonly webhooks: PostgresWebhookOutbox;
  #stopLifts: (() => void) | undefined;
  #watchers = 0;
  #closed = false;

  /** Connects, checks the schema version and reads the change-log head. */
  static async open(options: PostgresStoreOptions): Promise<PostgresArticleStore> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, types: TYPES, application_name: 'rojname' });
    // An idle connection the server dropped: the pool discards it and the next query opens another.
    pool.on('error', () => {});
    try {
      let head: number;
      try {
        await checkPostgresSchema(pool);
        head = (await run<{ seq: number }>(pool, 'headSeq'))[0]!.seq;
      } catch (error) {
        throw isServerUnreachable(error) ? new StoreConnectionError(describeError(error), { cause: error }) : error;
      }
      return new PostgresArticleStore(options, pool, head);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
  }

  private constructor(options: PostgresStoreOptions, pool: pg.Pool, headSeq: number) {
    this.#pool = pool;
    this.webhooks = new PostgresWebhookOutbox(pool);
    this.#check = options.checkArticle;
    this.#clock = options.clock ?? (() => new Date());
    this.#changes = new ChangeSource({
      headSeq,
      read: (after) => this.#changesAfter(this.#pool, after, WATCH_PAGE),
      // No probe: a read of the change log after the last position is one index lookup.
      intervalMs: options.watchIntervalMs ?? 500,
    });
    this.#listener = new NotificationListener({
      connectionString: options.connectionString,
      channel: CHANGES_CHANNEL,
      // The payload is the new head: this process's own commits are announced already.
      onNotify: (payload) => {
        if (!(Number(payload) <= this.#changes.lastSeq)) void this.#changes.poke();
      },
      onListening: () => void this.#changes.poke(),
    });
    this.#lifts = new EmbargoLiftTimer({
      clock: this.#clock,
      next: async () => (await run<{ ms: number | null }>(this.#pool, 'nextLift'))[0]?.ms ?? undefined,
      record: (now) => this.recordEmbargoLifts(now),
    });
  }

  /** Watching also logs each embargo lift when it is due (see `EmbargoLiftTimer`), once across replicas. */
  watch(listener: ChangeListener): () => void {
    const unsubscribe = this.#changes.subscribe(listener);
    if (++this.#watchers === 1 && !this.#closed) {
      this.#listener.start();
      this.#stopLifts = this.#changes.subscribe(() => void this.#lifts.check());
      this.#lifts.start();
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      if (--this.#watchers === 0) {
        this.#lifts.stop();
        this.#stopLifts?.();
        void this.#listener.stop();
      }
    };
  }

  /**
   * Runs a write transaction that first takes its turn at the change log (one writer at a time,
   * across replicas too), then announces what it appended, with anything others appended before it.
   */
  async #write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let result: T;
    let appended: Change[] = [];
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const turn = await takeChangeLogTurn(client);
      result = await fn({ client, turn });
      if (turn.last !== turn.head) {
        await endChangeLogTurn(client, turn);
        // Read inside the transaction: another replica's commit just before this one is never skipped.
        appended = await this.#changesAfter(client, this.#changes.lastSeq, Number.MAX_SAFE_INTEGER);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
      throw error;
    } finally {
      // A connection that cannot even roll back is closed, not handed out again.
      client.release(broken);
    }
    this.#changes.announce(appended);
    return result;
  }

  async #changesAfter(db: Queryable, afterSeq: number, limit: number): Promise<Change[]> {
    return (await run<ChangeRow>(db, 'changesAfter', [afterSeq, limit])).map(toChange);
  }

  async create(input: unknown, options: WriteOptions = {}): Promise<Article> {
    return this.#write(async (tx) => {
      const at = await this.#nextMs(tx.client);
      const stamp = new Date(at).toISOString();
      const article = checkWrittenArticle(this.#check, input, { version: 1, firstCreated: stamp, versionCreated: stamp });
      await this.#checkMedia(tx.client, article, undefined);
      if ((await this.#currentVersion(tx.client, article.id)) !== undefined) throw new ConflictError(`story "${article.id}" already exists`);
      await run(tx.client, 'insertArticle', [article.id, article.pubStatus]);
      await this.#writeVersion(tx, article, at, options.editor);
      return article;
    });
  }

  async update(id: string, input: unknown, expectedVersion: number, options: WriteOptions = {}): Promise<Article> {
    return this.#write(async (tx) => {
      const previous = await this.#latest(tx.client, id);
      if (previous.version !== expectedVersion) throw new StaleVersionError(expectedVersion, previous.version);
      if (previous.pubStatus === 'canceled') throw new ConflictError(`story "${id}" was killed; a killed story stays killed`);
      checkUpdatedId(input, id);
      const at = await this.#nextMs(tx.client);
      const article = checkWrittenArticle(this.#check, withoutCarriedOver(input, previous), {
        id,
        version: previous.version + 1,
        firstCreated: previous.firstCreated,
        versionCreated: new Date(at).toISOString(),
      }, previous);
      await this.#checkMedia(tx.client, article, previous);
      await run(tx.client, 'updateArticle', [article.version, article.pubStatus, id]);
      await this.#writeVersion(tx, article, at, options.editor);
      return article;
    });
  }

  async kill(id: string, expectedVersion?: number, note?: string, options: WriteOptions = {}): Promise<Article> {
    const previous = await this.get(id);
    if (!previous) throw new NotFoundError(`no story "${id}"`);
    if (previous.pubStatus === 'canceled') return previous;
    const { signal: _signal, ...rest } = previous;
    return this.update(id, { ...rest, pubStatus: 'canceled', edNote: note ?? 'Story withdrawn. Please remove it.' }, expectedVersion ?? previous.version, options);
  }

  async listArticles(options: ListArticlesOptions): Promise<ArticlePage> {
    const variant = listVariant(options);
    const params = listParams(options);
    const { names } = toPositional(listArticlesSql(variant));
    const rows = await run<ListRow>(this.#pool, `listArticles_${variant}`, names.map((name) => params[name]));
    const ids = rows.slice(0, options.limit).map((r) => r.id);
    const languages = ids.length ? await run<DeskLanguageRow>(this.#pool, 'deskLanguagesOf', [ids]) : [];
    return toArticlePage(rows, languages, options.limit);
  }

  async versions(id: string): Promise<VersionSummary[]> {
    return (await run<DeskVersionRow>(this.#pool, 'versions', [id])).map(toVersionSummary);
  }

  async putMedia(media: MediaInput): Promise<MediaInfo> {
    // The same bytes are the same row: a second upload changes nothing, not even the time.
    await run(this.#pool, 'insertMedia', [media.sha256, media.type, media.width, media.height, media.body.length, this.#clock().getTime(), media.body]);
    return toMediaInfo((await run<MediaRow>(this.#pool, 'mediaInfo', [media.sha256]))[0]!);
  }

  async getMedia(sha256: string, withBytes = false): Promise<(MediaInfo & { body?: Buffer }) | undefined> {
    const row = (await run<MediaRow>(this.#pool, withBytes ? 'mediaWithBody' : 'mediaInfo', [sha256]))[0];
    return row ? { ...toMediaInfo(row), ...(row.body ? { body: row.body } : {}) } : undefined;
  }

  /** The SQL of one `listArticles` variant as this store runs it, for tests that check its plan. */
  static listArticlesSql(variant: ListVariant): { text: string; names: string[] } {
    return toPositional(listArticlesSql(variant));
  }

  /** A story may show only pictures that exist (src/media/references.ts); uploads never go away, so no lock is needed. */
  async #checkMedia(client: pg.PoolClient, article: Article, previous: Article | undefined): Promise<void> {
    const hashes = referencedUploads(article, previous);
    const rows = hashes.length ? await run<MediaRow>(client, 'mediaInfos', [hashes]) : [];
    const problems = mediaReferenceProblems(article, previous, new Map(rows.map((r) => [r.sha256, r])));
    if (problems.length > 0) throw new ValidationError('article', problems);
  }

  async get(id: string, version?: number): Promise<Article | undefined> {
    const rows = version === undefined ? await run<{ doc: string }>(this.#pool, 'latestDoc', [id]) : await run<{ doc: string }>(this.#pool, 'doc', [id, version]);
    return rows[0] ? (JSON.parse(rows[0].doc) as Article) : undefined;
  }

  async history(id: string): Promise<Article[]> {
    return (await run<{ doc: string }>(this.#pool, 'history', [id])).map((r) => JSON.parse(r.doc) as Article);
  }

  async listLatest({ language, limit, now, includeEmbargoed }: ListLatestOptions): Promise<StoryVersion[]> {
    // Partners see embargoed stories: judge the embargo against the end of time.
    const until = includeEmbargoed ? Number.MAX_SAFE_INTEGER : now.getTime();
    // The documents come with the rows (one round trip); each is parsed only when first read.
    return (await run<VersionRow>(this.#pool, 'listLatest', [language, until, limit])).map((r) => toStoryVersion(r));
  }

  async listPublished({ language, now, after, limit }: ListPublishedOptions): Promise<PublishedPage> {
    const [sort, id] = after === undefined ? [Number.MAX_SAFE_INTEGER, ''] : decodeCursor(after);
    // One row more than the page says whether another page follows, so the last page is never empty.
    const rows = await run<VersionRow & { sort_ms: number; id: string }>(this.#pool, 'listPublished', [language, now.getTime(), sort, id, limit + 1]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { stories: page.map((r) => toStoryVersion(r)), ...(rows.length > limit && last ? { next: encodeCursor(last.sort_ms, last.id) } : {}) };
  }

  async getStoryVersion(id: string, language: string, itemVersion?: number): Promise<StoryVersion | undefined> {
    const rows =
      itemVersion === undefined ? await run<VersionRow>(this.#pool, 'storyVersion', [id, language]) : await run<VersionRow>(this.#pool, 'storyItemVersion', [id, language, itemVersion]);
    return rows[0] ? toStoryVersion(rows[0]) : undefined;
  }

  async nextEmbargo(language: string, now: Date): Promise<number | undefined> {
    return (await run<{ ms: number | null }>(this.#pool, 'nextEmbargo', [language, now.getTime()]))[0]?.ms ?? undefined;
  }

  async listTopic({ language, code, now, limit }: ListTopicOptions): Promise<StoryVersion[]> {
    return (await run<VersionRow>(this.#pool, 'listTopic', [language, code, now.getTime(), limit])).map((r) => toStoryVersion(r));
  }

  async listKilled({ language, after, before, limit }: ListKilledOptions): Promise<StoryVersion[]> {
    return (await run<VersionRow>(this.#pool, 'listKilled', [language, after, before, limit])).map((r) => toStoryVersion(r));
  }

  async lastRemoval(language: string): Promise<number | undefined> {
    return (await run<{ ms: number | null }>(this.#pool, 'lastRemoval', [language]))[0]?.ms ?? undefined;
  }

  async languageStates(id: string): Promise<LanguageState[]> {
    return (await run<LangRow>(this.#pool, 'languageStates', [id])).map((r) => ({
      language: r.lang,
      itemVersion: r.item_version,
      pubStatus: r.pub_status,
      articleVersion: r.article_version,
      changedAt: new Date(r.changed_ms).toISOString(),
    }));
  }

  async changes(afterSeq: number, limit: number, filter?: ChangeFilter): Promise<Change[]> {
    if (!filter) return this.#changesAfter(this.#pool, afterSeq, limit);
    // pg sends a JS array as a PostgreSQL array; the JSON form is SQLite's.
    const { mode, upTo } = filterParams(filter);
    const rows = await run<ChangeRow>(this.#pool, 'changesFiltered', [afterSeq, upTo, filter.languages ?? null, mode, limit]);
    return rows.map(toChange);
  }

  async recordEmbargoLifts(now: Date): Promise<Change[]> {
    // A look without the lock first: most calls find nothing due, and never wait for a writer.
    if ((await run(this.#pool, 'dueLift', [now.getTime()])).length === 0) return [];
    return this.#write(async (tx) => {
      // Read again after taking the change log's turn: a replica that logged these lifts first has
      // committed (it held the head row lock), so they are no longer due here.
      const due = await run<DueLiftRow>(tx.client, 'dueLifts', [now.getTime()]);
      const logged: Change[] = [];
      for (const row of due) {
        const w = liftWrite(row);
        const seq = await appendChange(tx.client, tx.turn, w);
        await run(tx.client, 'clearLift', [row.id, row.lang]);
        logged.push(toChange({ seq, id: w.id, lang: w.lang, item_version: w.itemVersion, article_version: w.articleVersion, pub_status: w.status, kind: w.kind, at_ms: w.at }));
      }
      return logged;
    });
  }

  async syncRequestCounts(replica: string, windowMs: number, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (counts.size > 0) {
      // Each replica writes only its own rows, so no two replicas ever update one row.
      await run(this.#pool, 'putRequestCounts', [[...counts.keys()], windowMs, replica, [...counts.values()]]);
      await run(this.#pool, 'dropRequestCounts', [windowMs]);
    }
    const rows = await run<{ partner: string; n: number }>(this.#pool, 'otherRequestCounts', [windowMs, replica]);
    return new Map(rows.map((r) => [r.partner, r.n]));
  }

  async headSeq(): Promise<number> {
    return (await run<{ seq: number }>(this.#pool, 'headSeq'))[0]?.seq ?? 0;
  }

  async lastChange(language: string): Promise<Change | undefined> {
    const row = (await run<ChangeRow>(this.#pool, 'lastChange', [language]))[0];
    return row ? toChange(row) : undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lifts.stop();
    this.#changes.stop();
    await this.#listener.stop();
    await this.#pool.end();
  }

  /**
   * Milliseconds for the next version: never equal to or before the previous one. Read after the
   * change-log turn is taken, so writers on two replicas cannot share a timestamp either.
   */
  async #nextMs(client: pg.PoolClient): Promise<number> {
    const ms = (await run<{ ms: number | null }>(client, 'lastCreated'))[0]?.ms ?? 0;
    return Math.max(this.#clock().getTime(), ms + 1);
  }

  async #currentVersion(client: pg.PoolClient, id: string): Promise<number | undefined> {
    return (await run<{ version: number }>(client, 'currentVersion', [id]))[0]?.version;
  }

  async #latest(client: pg.PoolClient, id: string): Promise<Article> {
    const row = (await run<{ doc: string }>(client, 'latestDoc', [id]))[0];
    if (!row) throw new NotFoundError(`no story "${id}"`);
    return JSON.parse(row.doc) as Article;
  }

  /** Stores one version and records, per language, whether its outputs changed. */
  async #writeVersion(tx: WriteTx, article: Article, at: number, editor: string | undefined): Promise<void> {
    await run(tx.client, 'insertVersion', [article.id, article.version, at, JSON.stringify(article), editor ?? null]);
    // The editors' list: the story's last change, and the languages (with headlines) it has now.
    const desk = deskLanguages(article);
    await run(tx.client, 'setArticleChanged', [at, article.id]);
    await run(tx.client, 'clearDeskLanguages', [article.id]);
    await run(tx.client, 'insertDeskLanguages', [article.id, desk.map((l) => l.lang), desk.map((l) => l.headline), article.pubStatus, at]);
    const before = new Map((await run<LangRow>(tx.client, 'languageRows', [article.id])).map((r) => [r.lang, r]));
    for (const w of planLanguageWrites(article, before, at)) {
      await run(tx.client, 'upsertLanguage', [w.id, w.lang, w.itemVersion, w.articleVersion, w.fingerprint, w.status, w.embargo, w.sort, w.at, w.liftDue]);
      await appendChange(tx.client, tx.turn, w);
      // The topic index holds usable versions only, under each topic the story names now.
      await run(tx.client, 'clearTopics', [w.id, w.lang]);
      if (w.status === 'usable') await run(tx.client, 'insertTopics', [w.lang, [...new Set(article.subjects.map((s) => s.code))], w.sort, w.id, w.embargo]);
    }
  }
}

/** Connection refused, host unknown, bad credentials, no such database: a setting to fix, not a bug. */
function isServerUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof AggregateError) return true;
  return (
    typeof code === 'string' &&
    (/^E[A-Z]+$/.test(code) || // ECONNREFUSED, ENOTFOUND, ETIMEDOUT…
      /^(08|28|3D)/.test(code)) // connection exception, invalid authorization, invalid catalog name
  );
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map((e: unknown) => (e as Error).message).join('; ') || 'cannot connect';
  return (error as Error).message;
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Article } from '../article/types.js';
import type { Checker } from '../validate/ajv.js';
import { ConflictError, NotFoundError, StaleVersionError } from './errors.js';
import { EmbargoLiftTimer } from './lifts.js';
import { migrateSqlite } from './migrate.js';
import { ChangeSource, type ChangeListener } from './notifier.js';
import { SqliteWebhookOutbox } from './sqlite-webhooks.js';
import type { ArticleStore, Change, ChangeFilter, Clock, LanguageState, ListKilledOptions, ListLatestOptions, ListTopicOptions, ListPublishedOptions, PublishedPage, StoryVersion } from './store.js';
import type { ArticlePage, ListArticlesOptions, MediaInput, VersionSummary, WriteOptions } from './store.js';
import type { MediaInfo } from '../media/catalog.js';
import { mediaReferenceProblems, referencedUploads } from '../media/references.js';
import { ValidationError } from '../validate/problems.js';
import { deskLanguages, listArticlesSql, listParams, listVariant, toArticlePage, toMediaInfo, toVersionSummary, type DeskLanguageRow, type ListRow, type ListVariant, type MediaRow, type VersionRow as DeskVersionRow } from './desk.js';
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

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  checkArticle: Checker<Article>;
  clock?: Clock;
  /** How often another process's commits are looked for while someone watches (ms); default 250. */
  watchIntervalMs?: number;
}

/**
 * Every connection's settings. WAL: readers never wait for the writer. synchronous=FULL: the WAL
 * is fsynced before COMMIT returns, so a write acknowledged to an editor survives a power loss as
 * it survives a crash of the process. With NORMAL the last commits before a power loss can vanish,
 * and with them change-log sequence numbers partners already hold (the next writes would reuse
 * them, so a partner's cursor would skip those). FULL costs about 3 ms a write on an ordinary disk.
 */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON'] as const;

/** The most changes one fallback read announces at a time. */
const WATCH_PAGE = 1000;

// The schema: src/store/migrations/sqlite.ts, applied at open.

/** `nextEmbargo`: one seek in article_languages_embargo (exposed for the test of its plan). */
export const NEXT_EMBARGO_SQL = `SELECT min(embargo_ms) AS ms FROM article_languages WHERE lang = ? AND pub_status = 'usable' AND embargo_ms IS NOT NULL AND embargo_ms > ?`;

/** Exposed for tests that check the plan of the hot query. */
// Each language version is read as of its own last change (see projectLanguage).
export const LIST_LATEST_SQL = `
SELECT l.id, l.article_version, l.lang, l.item_version, l.changed_ms, l.pub_status FROM article_languages l
 WHERE l.lang = @lang AND l.pub_status = 'usable' AND (l.embargo_ms IS NULL OR l.embargo_ms <= @now)
 ORDER BY l.sort_ms DESC, l.id
 LIMIT @limit`;

/** `listTopic`: one range of the topic index, newest first, joined to each version's document. */
export const LIST_TOPIC_SQL = `
SELECT l.id, v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status FROM language_topics t
  JOIN article_languages l ON l.id = t.id AND l.lang = t.lang
  JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
 WHERE t.lang = @lang AND t.code = @code AND (t.embargo_ms IS NULL OR t.embargo_ms <= @now)
 ORDER BY t.sort_ms DESC, t.id
 LIMIT @limit`;

/**
 * `listPublished`: the rows after a keyset cursor, in feed order, through the same partial index.
 * `sort_ms <= @sort` is the index range; the OR only breaks ties within that one millisecond by id.
 * The first page starts above every row (@sort = the largest integer, @id = '').
 */
export const LIST_PUBLISHED_SQL = `
SELECT v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status, l.sort_ms, l.id FROM article_languages l
  JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
 WHERE l.lang = @lang AND l.pub_status = 'usable' AND (l.embargo_ms IS NULL OR l.embargo_ms <= @now)
   AND l.sort_ms <= @sort AND (l.sort_ms < @sort OR l.id > @id)
 ORDER BY l.sort_ms DESC, l.id
 LIMIT @limit`;

/**
 * A reader's view of the change log (`changes` with a filter): its languages (a JSON array, or
 * NULL for all) and its embargo mode (see `filterParams`), up to a position read before it.
 */
export const CHANGES_FILTERED_SQL = `
SELECT * FROM changes
 WHERE seq > @after AND seq <= @upTo
   AND (@langs IS NULL OR lang IN (SELECT value FROM json_each(@langs)))
   AND (@mode = 0 OR (@mode = 1 AND kind <> 'embargo-lifted')
        OR (@mode = 2 AND (pub_status <> 'usable' OR embargo_ms IS NULL OR embargo_ms <= at_ms)))
 ORDER BY seq
 LIMIT @limit`;

/** The embedded store: one SQLite file in WAL mode, every version kept. */
export class SqliteArticleStore implements ArticleStore {
  readonly #db: Database.Database;
  readonly #check: Checker<Article>;
  readonly #clock: Clock;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #changes: ChangeSource;
  readonly #lifts: EmbargoLiftTimer;
  readonly webhooks: SqliteWebhookOutbox;
  #watchers = 0;
  #stopLifts: (() => void) | undefined;
  /** Whether the write transaction under way appended to the change log. */
  #appended = false;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new Database(options.path);
    for (const pragma of SQLITE_PRAGMAS) this.#db.pragma(pragma);
    try {
      migrateSqlite(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#check = options.checkArticle;
    this.#clock = options.clock ?? (() => new Date());
    this.#sql = prepareStatements(this.#db);
    this.webhooks = new SqliteWebhookOutbox(this.#db);
    let dataVersion = this.#dataVersion();
    this.#changes = new ChangeSource({
      headSeq: (this.#sql.headSeq.get() as { seq: number | null }).seq ?? 0,
      read: (after) => this.#changesAfter(after, WATCH_PAGE),
      // `data_version` moves only when another connection commits: a check that costs no table read.
      probe: () => {
        if (!this.#db.open) return false;
        const now = this.#dataVersion();
        if (now === dataVersion) return false;
        dataVersion = now;
        return true;
      },
      intervalMs: options.watchIntervalMs ?? 250,
    });
    this.#lifts = new EmbargoLiftTimer({
      clock: this.#clock,
      next: () => (this.#db.open ? ((this.#sql.nextLift.get() as { ms: number | null }).ms ?? undefined) : undefined),
      record: (now) => this.recordEmbargoLifts(now),
    });
  }

  /** Watching also logs each embargo lift when it is due (see `EmbargoLiftTimer`). */
  watch(listener: ChangeListener): () => void {
    const unsubscribe = this.#changes.subscribe(listener);
    if (++this.#watchers === 1) {
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
      }
    };
  }

  #dataVersion(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Runs a write transaction (BEGIN IMMEDIATE: one writer at a time, across processes too), then
   * announces what it appended to the change log, with anything other processes appended before it.
   */
  #write<T>(fn: () => T): T {
    let result: T;
    let appended: Change[] = [];
    try {
      result = this.#db.transaction(() => {
        const value = fn();
        appended = this.#appended ? this.#changesAfter(this.#changes.lastSeq, Number.MAX_SAFE_INTEGER) : [];
        return value;
      }).immediate();
    } finally {
      this.#appended = false;
    }
    this.#changes.announce(appended);
    return result;
  }

  #changesAfter(afterSeq: number, limit: number): Change[] {
    return (this.#sql.changesAfter.all(afterSeq, limit) as ChangeRow[]).map(toChange);
  }

  async create(input: unknown, options: WriteOptions = {}): Promise<Article> {
    return this.#write(() => {
      const at = this.#nextMs();
      const stamp = new Date(at).toISOString();
      const article = this.#validate(input, { version: 1, firstCreated: stamp, versionCreated: stamp });
      this.#checkMedia(article, undefined);
      if (this.#currentVersion(article.id) !== undefined) throw new ConflictError(`story "${article.id}" already exists`);
      this.#sql.insertArticle.run(article.id, article.pubStatus);
      this.#writeVersion(article, at, options.editor);
      return article;
    });
  }

  async update(id: string, input: unknown, expectedVersion: number, options: WriteOptions = {}): Promise<Article> {
    return this.#write(() => {
      const previous = this.#latest(id);
      if (previous.version !== expectedVersion) throw new StaleVersionError(expectedVersion, previous.version);
      if (previous.pubStatus === 'canceled') throw new ConflictError(`story "${id}" was killed; a killed story stays killed`);
      checkUpdatedId(input, id);
      const at = this.#nextMs();
      const article = this.#validate(withoutCarriedOver(input, previous), {
        id,
        version: previous.version + 1,
        firstCreated: previous.firstCreated,
        versionCreated: new Date(at).toISOString(),
      }, previous);
      this.#checkMedia(article, previous);
      this.#sql.updateArticle.run(article.version, article.pubStatus, id);
      this.#writeVersion(article, at, options.editor);
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
    const rows = this.#sql.listArticles[variant].all(listParams(options)) as ListRow[];
    const ids = rows.slice(0, options.limit).map((r) => r.id);
    const languages = ids.length ? (this.#sql.deskLanguagesOf.all(JSON.stringify(ids)) as DeskLanguageRow[]) : [];
    return toArticlePage(rows, languages, options.limit);
  }

  async versions(id: string): Promise<VersionSummary[]> {
    return (this.#sql.versions.all(id) as DeskVersionRow[]).map(toVersionSummary);
  }

  async putMedia(media: MediaInput): Promise<MediaInfo> {
    // The same bytes are the same row: a second upload changes nothing, not even the time.
    this.#sql.insertMedia.run(media.sha256, media.type, media.width, media.height, media.body.length, this.#clock().getTime(), media.body);
    return toMediaInfo(this.#sql.mediaInfo.get(media.sha256) as MediaRow);
  }

  async getMedia(sha256: string, withBytes = false): Promise<(MediaInfo & { body?: Buffer }) | undefined> {
    const row = (withBytes ? this.#sql.mediaWithBody : this.#sql.mediaInfo).get(sha256) as MediaRow | undefined;
    return row ? { ...toMediaInfo(row), ...(row.body ? { body: row.body } : {}) } : undefined;
  }

  /** The query plan of one `listArticles` variant, for tests that prove it reads an index. */
  explainListArticles(variant: ListVariant): string[] {
    const params = listParams({ limit: 10, language: 'en', status: 'usable', since: 0 });
    const used = Object.fromEntries(Object.entries(params).filter(([name]) => listArticlesSql(variant).includes(`@${name}`)));
    return (this.#db.prepare(`EXPLAIN QUERY PLAN ${listArticlesSql(variant)}`).all(used) as { detail: string }[]).map((r) => r.detail);
  }

  /** A story may show only pictures that exist (src/media/references.ts); uploads never go away, so no lock is needed. */
  #checkMedia(article: Article, previous: Article | undefined): void {
    const stored = new Map<string, { type: string; width: number; height: number }>();
    for (const sha of referencedUploads(article, previous)) {
      const row = this.#sql.mediaInfo.get(sha) as MediaRow | undefined;
      if (row) stored.set(sha, row);
    }
    const problems = mediaReferenceProblems(article, previous, stored);
    if (problems.length > 0) throw new ValidationError('article', problems);
  }

  async get(id: string, version?: number): Promise<Article | undefined> {
    const v = version ?? this.#currentVersion(id);
    if (v === undefined) return undefined;
    const row = this.#sql.doc.get(id, v) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Article) : undefined;
  }

  async history(id: string): Promise<Article[]> {
    const rows = this.#sql.history.all(id) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Article);
  }

  async listLatest({ language, limit, now, includeEmbargoed }: ListLatestOptions): Promise<StoryVersion[]> {
    // Partners see embargoed stories: judge the embargo against the end of time.
    const until = includeEmbargoed ? Number.MAX_SAFE_INTEGER : now.getTime();
    const rows = this.#sql.listLatest.all({ lang: language, now: until, limit }) as VersionRow[];
    return rows.map((r) => toStoryVersion(r, this.#loadDoc));
  }

  readonly #loadDoc = (id: string, version: number): string => (this.#sql.doc.get(id, version) as { doc: string }).doc;

  async listPublished({ language, now, after, limit }: ListPublishedOptions): Promise<PublishedPage> {
    const [sort, id] = after === undefined ? [Number.MAX_SAFE_INTEGER, ''] : decodeCursor(after);
    // One row more than the page says whether another page follows, so the last page is never empty.
    const rows = this.#sql.listPublished.all({ lang: language, now: now.getTime(), sort, id, limit: limit + 1 }) as (VersionRow & { sort_ms: number; id: string })[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { stories: page.map((r) => toStoryVersion(r)), ...(rows.length > limit && last ? { next: encodeCursor(last.sort_ms, last.id) } : {}) };
  }

  async getStoryVersion(id: string, language: string, itemVersion?: number): Promise<StoryVersion | undefined> {
    const row = itemVersion === undefined ? this.#sql.storyVersion.get(id, language) : this.#sql.storyItemVersion.get(id, language, itemVersion);
    return row ? toStoryVersion(row as VersionRow) : undefined;
  }

  async nextEmbargo(language: string, now: Date): Promise<number | undefined> {
    const row = this.#sql.nextEmbargo.get(language, now.getTime()) as { ms: number | null };
    return row.ms ?? undefined;
  }

  async listTopic({ language, code, now, limit }: ListTopicOptions): Promise<StoryVersion[]> {
    const rows = this.#sql.listTopic.all({ lang: language, code, now: now.getTime(), limit }) as VersionRow[];
    return rows.map((r) => toStoryVersion(r));
  }

  /** The query plan of `listTopic`, for tests that prove it reads one index range. */
  explainListTopic(): string[] {
    const rows = this.#db.prepare(`EXPLAIN QUERY PLAN ${LIST_TOPIC_SQL}`).all({ lang: 'en', code: 'medtop:16000000', now: 0, limit: 30 }) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  async listKilled({ language, after, before, limit }: ListKilledOptions): Promise<StoryVersion[]> {
    const rows = this.#sql.listKilled.all({ lang: language, after, before, limit }) as VersionRow[];
    return rows.map((r) => toStoryVersion(r));
  }

  async lastRemoval(language: string): Promise<number | undefined> {
    const row = this.#sql.lastRemoval.get(language) as { ms: number | null };
    return row.ms ?? undefined;
  }

  async languageStates(id: string): Promise<LanguageState[]> {
    const rows = this.#sql.languageStates.all(id) as LangRow[];
    return rows.map((r) => ({
      language: r.lang,
      itemVersion: r.item_version,
      pubStatus: r.pub_status,
      articleVersion: r.article_version,
      changedAt: new Date(r.changed_ms).toISOString(),
    }));
  }

  async changes(afterSeq: number, limit: number, filter?: ChangeFilter): Promise<Change[]> {
    if (!filter) return this.#changesAfter(afterSeq, limit);
    return (this.#sql.changesFiltered.all({ after: afterSeq, limit, ...filterParams(filter) }) as ChangeRow[]).map(toChange);
  }

  async recordEmbargoLifts(now: Date): Promise<Change[]> {
    // A look outside the write lock first: most calls find nothing due, and take no lock.
    if (!this.#sql.dueLift.get(now.getTime())) return [];
    return this.#write(() => {
      // Read again under the lock: another process may have logged these lifts meanwhile.
      const due = this.#sql.dueLifts.all(now.getTime()) as DueLiftRow[];
      return due.map((row) => {
        const w = liftWrite(row);
        const seq = Number(this.#sql.logChange.run(w).lastInsertRowid);
        this.#sql.clearLift.run(row.id, row.lang);
        this.#appended = true;
        return toChange({ seq, id: w.id, lang: w.lang, item_version: w.itemVersion, article_version: w.articleVersion, pub_status: w.status, kind: w.kind, at_ms: w.at });
      });
    });
  }

  async syncRequestCounts(replica: string, windowMs: number, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (counts.size > 0) {
      // One small transaction a second at most (the quota's sync), never one per request.
      this.#db
        .transaction(() => {
          for (const [partner, count] of counts) this.#sql.putRequestCount.run(partner, windowMs, replica, count);
          this.#sql.dropRequestCounts.run(windowMs);
        })
        .immediate();
    }
    const rows = this.#sql.otherRequestCounts.all(windowMs, replica) as { partner: string; n: number }[];
    return new Map(rows.map((r) => [r.partner, r.n]));
  }

  async headSeq(): Promise<number> {
    return (this.#sql.headSeq.get() as { seq: number | null }).seq ?? 0;
  }

  async lastChange(language: string): Promise<Change | undefined> {
    const row = this.#sql.lastChange.get(language) as ChangeRow | undefined;
    return row ? toChange(row) : undefined;
  }

  /** The query plan of `listLatest`, for tests that prove it uses the index. */
  explainListLatest(): string[] {
    const rows = this.#db.prepare(`EXPLAIN QUERY PLAN ${LIST_LATEST_SQL}`).all({ lang: 'en', now: 0, limit: 10 }) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  async close(): Promise<void> {
    this.#lifts.stop();
    this.#changes.stop();
    if (this.#db.open) this.#db.close();
  }

  /**
   * Milliseconds for the next version: never equal to or before the previous one, read inside the
   * write transaction, so two processes writing to one file cannot share a timestamp either.
   */
  #nextMs(): number {
    const row = this.#sql.lastCreated.get() as { ms: number | null };
    return Math.max(this.#clock().getTime(), (row.ms ?? 0) + 1);
  }

  #validate(input: unknown, owned: Partial<Article>, previous?: Article): Article {
    return checkWrittenArticle(this.#check, input, owned, previous);
  }

  #currentVersion(id: string): number | undefined {
    const row = this.#sql.currentVersion.get(id) as { version: number } | undefined;
    return row?.version;
  }

  #latest(id: string): Article {
    const v = this.#currentVersion(id);
    const row = v === undefined ? undefined : (this.#sql.doc.get(id, v) as { doc: string });
    if (!row) throw new NotFoundError(`no story "${id}"`);
    return JSON.parse(row.doc) as Article;
  }

  /** Stores one version and records, per language, whether its outputs changed. */
  #writeVersion(article: Article, at: number, editor: string | undefined): void {
    this.#sql.insertVersion.run(article.id, article.version, at, JSON.stringify(article), editor ?? null);
    // The editors' list: the story's last change, and the languages (with headlines) it has now.
    this.#sql.setArticleChanged.run(at, article.id);
    this.#sql.clearDeskLanguages.run(article.id);
    for (const l of deskLanguages(article)) this.#sql.insertDeskLanguage.run(article.id, l.lang, l.headline, article.pubStatus, at);
    const before = new Map((this.#sql.languageRows.all(article.id) as LangRow[]).map((r) => [r.lang, r]));
    for (const row of planLanguageWrites(article, before, at)) {
      this.#sql.upsertLanguage.run(row);
      this.#sql.logChange.run(row);
      // The topic index holds usable versions only, under each topic the story names now.
      this.#sql.clearTopics.run(row.id, row.lang);
      if (row.status === 'usable') for (const code of new Set(article.subjects.map((s) => s.code))) this.#sql.insertTopic.run(row.lang, code, row.sort, row.id, row.embargo);
      this.#appended = true;
    }
  }
}

/** Every statement the store runs, prepared once when it opens. */
function prepareStatements(db: Database.Database) {
  return {
    insertArticle: db.prepare('INSERT INTO articles (id, version, pub_status) VALUES (?, 1, ?)'),
    updateArticle: db.prepare('UPDATE articles SET version = ?, pub_status = ? WHERE id = ?'),
    currentVersion: db.prepare('SELECT version FROM articles WHERE id = ?'),
    doc: db.prepare('SELECT doc FROM article_versions WHERE id = ? AND version = ?'),
    history: db.prepare('SELECT doc FROM article_versions WHERE id = ? ORDER BY version'),
    lastCreated: db.prepare('SELECT max(created_ms) AS ms FROM article_versions'),
    insertVersion: db.prepare('INSERT INTO article_versions (id, version, created_ms, doc, editor) VALUES (?, ?, ?, ?, ?)'),
    // The editors' desk (schema 4, src/store/desk.ts).
    setArticleChanged: db.prepare('UPDATE articles SET changed_ms = ? WHERE id = ?'),
    clearDeskLanguages: db.prepare('DELETE FROM desk_languages WHERE id = ?'),
    insertDeskLanguage: db.prepare('INSERT INTO desk_languages (id, lang, headline, pub_status, changed_ms) VALUES (?, ?, ?, ?, ?)'),
    listArticles: {
      all: db.prepare(listArticlesSql('all')),
      status: db.prepare(listArticlesSql('status')),
      language: db.prepare(listArticlesSql('language')),
      languageStatus: db.prepare(listArticlesSql('languageStatus')),
    } satisfies Record<ListVariant, Database.Statement>,
    deskLanguagesOf: db.prepare(`SELECT d.id, d.lang, d.headline, l.item_version, l.pub_status FROM desk_languages d
                                   JOIN article_languages l ON l.id = d.id AND l.lang = d.lang
                                  WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id, d.lang`),
    versions: db.prepare(`SELECT version, created_ms, editor, json_extract(doc, '$.pubStatus') AS pub_status, json_extract(doc, '$.signal') AS signal,
                                 (SELECT json_group_array(key) FROM json_each(doc, '$.localizations')) AS languages
                            FROM article_versions WHERE id = ? ORDER BY version`),
    insertMedia: db.prepare('INSERT INTO media (sha256, type, width, height, size, created_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING'),
    mediaInfo: db.prepare('SELECT sha256, type, width, height, size, created_ms FROM media WHERE sha256 = ?'),
    mediaWithBody: db.prepare('SELECT sha256, type, width, height, size, created_ms, body FROM media WHERE sha256 = ?'),
    listLatest: db.prepare(LIST_LATEST_SQL),
    listPublished: db.prepare(LIST_PUBLISHED_SQL),
    storyVersion: db.prepare(`SELECT l.id, v.doc, l.lang, l.item_version, l.changed_ms, l.pub_status FROM article_languages l
                                JOIN article_versions v ON v.id = l.id AND v.version = l.article_version
                               WHERE l.id = ? AND l.lang = ?`),
    storyItemVersion: db.prepare(`SELECT c.id, v.doc, c.lang, c.item_version, c.at_ms AS changed_ms, c.pub_status FROM changes c
                                    JOIN article_versions v ON v.id = c.id AND v.version = c.article_version
                                   WHERE c.id = ? AND c.lang = ? AND c.item_version = ? AND c.kind <> 'embargo-lifted'`),
    nextEmbargo: db.prepare(NEXT_EMBARGO_SQL),
    lastRemoval: db.prepare(`SELECT max(at_ms) AS ms FROM changes WHERE lang = ? AND pub_status <> 'usable'`),
    clearTopics: db.prepare('DELETE FROM language_topics WHERE id = ? AND lang = ?'),
    insertTopic: db.prepare('INSERT INTO language_topics (lang, code, sort_ms, id, embargo_ms) VALUES (?, ?, ?, ?, ?)'),
    listTopic: db.prepare(LIST_TOPIC_SQL),
    // The kill that made each language version what it is now (through the removals index).
    listKilled: db.prepare(`SELECT c.id, v.doc, c.lang, c.item_version, c.at_ms AS changed_ms, c.pub_status FROM changes c
  JOIN article_languages l ON l.id = c.id AND l.lang = c.lang AND l.item_version = c.item_version AND l.pub_status = 'canceled'
  JOIN article_versions v ON v.id = c.id AND v.version = c.article_version
 WHERE c.lang = @lang AND c.pub_status <> 'usable' AND c.pub_status = 'canceled' AND c.at_ms >= @after AND c.at_ms < @before
 ORDER BY c.at_ms DESC, c.id
 LIMIT @limit`),
    languageStates: db.prepare('SELECT lang, item_version, article_version, fingerprint, pub_status, changed_ms FROM article_languages WHERE id = ? ORDER BY lang'),
    languageRows: db.prepare('SELECT * FROM article_languages WHERE id = ?'),
    upsertLanguage: db.prepare(`
      INSERT INTO article_languages (id, lang, item_version, article_version, fingerprint, pub_status, embargo_ms, sort_ms, changed_ms, lift_due_ms)
      VALUES (@id, @lang, @itemVersion, @articleVersion, @fingerprint, @status, @embargo, @sort, @at, @liftDue)
      ON CONFLICT (id, lang) DO UPDATE SET item_version = excluded.item_version, article_version = excluded.article_version,
        fingerprint = excluded.fingerprint, pub_status = excluded.pub_status, embargo_ms = excluded.embargo_ms,
        sort_ms = excluded.sort_ms, changed_ms = excluded.changed_ms, lift_due_ms = excluded.lift_due_ms`),
    logChange: db.prepare(`
      INSERT INTO changes (id, lang, item_version, article_version, pub_status, kind, at_ms, embargo_ms)
      VALUES (@id, @lang, @itemVersion, @articleVersion, @status, @kind, @at, @embargo)`),
    changesAfter: db.prepare('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?'),
    changesFiltered: db.prepare(CHANGES_FILTERED_SQL),
    nextLift: db.prepare('SELECT min(lift_due_ms) AS ms FROM article_languages WHERE lift_due_ms IS NOT NULL'),
    dueLift: db.prepare('SELECT 1 AS due FROM article_languages WHERE lift_due_ms IS NOT NULL AND lift_due_ms <= ? LIMIT 1'),
    dueLifts: db.prepare(`SELECT id, lang, item_version, article_version, lift_due_ms FROM article_languages
                           WHERE lift_due_ms IS NOT NULL AND lift_due_ms <= ? ORDER BY lift_due_ms, id, lang`),
    clearLift: db.prepare('UPDATE article_languages SET lift_due_ms = NULL WHERE id = ? AND lang = ?'),
    putRequestCount: db.prepare(`INSERT INTO partner_requests (partner, window_ms, replica, count) VALUES (?, ?, ?, ?)
                                  ON CONFLICT (partner, window_ms, replica) DO UPDATE SET count = excluded.count`),
    dropRequestCounts: db.prepare('DELETE FROM partner_requests WHERE window_ms < ?'),
    otherRequestCounts: db.prepare('SELECT partner, sum(count) AS n FROM partner_requests WHERE window_ms = ? AND replica <> ? GROUP BY partner'),
    headSeq: db.prepare('SELECT max(seq) AS seq FROM changes'),
    lastChange: db.prepare('SELECT * FROM changes WHERE lang = ? ORDER BY seq DESC LIMIT 1'),
  };
}

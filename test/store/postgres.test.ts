import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { SchemaError, StoreConnectionError } from '../../src/store/errors.js';
import { migratePostgres, POSTGRES_SCHEMA_VERSION, readPostgresSchemaVersion } from '../../src/store/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.js';
import { LIST_LATEST_SQL, LIST_PUBLISHED_SQL, NEXT_EMBARGO_SQL, PostgresArticleStore } from '../../src/store/postgres.js';
import type { Change } from '../../src/store/store.js';
import { makeArticle } from '../fixtures/articles.js';
import { ADMIN_URL, createTestDatabase, emptyStore, explainPrepared, planNodes, type TestDatabase } from './postgres-db.js';

// The PostgreSQL store's own matters: migrations, query plans, LISTEN/NOTIFY across instances.
// Every behaviour it shares with SQLite is in contract.test.ts.

const checkArticle = createArticleChecker(defaultLanguages);
const T0 = Date.parse('2024-05-06T10:00:00.000Z');

const databases: TestDatabase[] = [];
const stores: PostgresArticleStore[] = [];
async function database(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  databases.push(db);
  return db;
}
async function open(db: TestDatabase, options: { watchIntervalMs?: number } = {}): Promise<PostgresArticleStore> {
  const store = await PostgresArticleStore.open({ connectionString: db.url, checkArticle, ...options });
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
afterAll(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

/** Resolves with how long `done()` took to hold; fails after 10 s. */
async function within(done: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > 10_000) throw new Error('timed out after 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

describe('migrations (rojname migrate)', () => {
  it('refuses to open a database that was never migrated, naming the command to run', async () => {
    const db = await database();
    const error = await open(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toMatchObject({ found: 0, expected: POSTGRES_SCHEMA_VERSION, message: `the PostgreSQL schema is not migrated (this rojname needs version ${POSTGRES_SCHEMA_VERSION}): run \`rojname migrate\`` });
  });
  it('migrates once: from 0 to the newest, then nothing to do; the store opens', async () => {
    const db = await database();
    const client = await db.connect();
    expect(await migratePostgres(client)).toEqual({ from: 0, to: POSTGRES_SCHEMA_VERSION });
    expect(await migratePostgres(client)).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
    expect(await db.query('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual([
      { version: 1, name: expect.stringContaining('change log') },
      { version: 2, name: expect.stringContaining('embargo lifts') },
      ...POSTGRES_MIGRATIONS.slice(2).map((m) => ({ version: m.version, name: m.name })),
    ]);
    const store = await open(db);
    expect(await store.headSeq()).toBe(0);
  });
  it('migrates a version 1 database to 2: an embargo still ahead gets its lift, one already past does not', async () => {
    const db = await database();
    const client = await db.connect();
    // Version 1 as the previous rojname left it, with a story under an embargo still ahead and one whose embargo passed.
    await client.query(POSTGRES_MIGRATIONS[0]!.sql);
    await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations (version, name) VALUES (1, 'v1')`);
    const ahead = Date.now() + 3_600_000;
    const doc = JSON.stringify({ ...makeArticle(), version: 1, firstCreated: new Date(T0).toISOString(), versionCreated: new Date(T0).toISOString() });
    for (const [i, [id, embargo]] of ([['ahead', ahead], ['past', T0 + 1000]] as const).entries()) {
      await client.query(`INSERT INTO articles VALUES ($1, 1, 'usable')`, [id]);
      await client.query(`INSERT INTO article_versions VALUES ($1, 1, $2, $3)`, [id, T0 + i, doc]);
      await client.query(`INSERT INTO article_languages VALUES ($1, 'en', 1, 1, 'f', 'usable', $2, $3, $3)`, [id, embargo, T0]);
      await client.query(`INSERT INTO changes (seq, id, lang, item_version, article_version, pub_status, kind, at_ms) VALUES ($1, $2, 'en', 1, 1, 'usable', 'new', $3)`, [i + 1, id, T0]);
    }
    await client.query('UPDATE change_log_head SET seq = 2');
    expect(await migratePostgres(client)).toEqual({ from: 1, to: POSTGRES_SCHEMA_VERSION });
    const store = await open(db);
    // A partner without embargoed items: the change made under the embargo still ahead waits for its lift.
    expect((await store.changes(0, 10, { embargoed: false })).map((c) => c.articleId)).toEqual(['past']);
    expect((await store.recordEmbargoLifts(new Date(ahead))).map((c) => [c.seq, c.articleId, c.kind])).toEqual([[3, 'ahead', 'embargo-lifted']]);
  });
  it('lets concurrent runs wait for each other: the schema is applied once', async () => {
    const db = await database();
    const clients = await Promise.all([db.connect(), db.connect(), db.connect()]);
    const results = await Promise.all(clients.map((c) => migratePostgres(c)));
    expect(results.filter((r) => r.from === 0)).toHaveLength(1);
    expect(await readPostgresSchemaVersion(clients[0]!)).toBe(POSTGRES_SCHEMA_VERSION);
  });
  it('refuses a schema newer than this rojname knows, to open and to migrate', async () => {
    const db = await database({ migrate: true });
    await db.query(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`);
    const error = await open(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as Error).message).toBe(`the PostgreSQL schema is at version 99, newer than this rojname knows (${POSTGRES_SCHEMA_VERSION}): run the newer rojname that migrated it`);
    await expect(migratePostgres(await db.connect())).rejects.toThrow(SchemaError);
  });
  it('leaves the schema as it was when a migration fails', async () => {
    const db = await database();
    // A table in the way: version 1 cannot create it, and nothing of version 1 is left behind.
    await db.query('CREATE TABLE changes (x int)');
    await expect(migratePostgres(await db.connect())).rejects.toThrow(/already exists/);
    expect(await db.query(`SELECT to_regclass('articles')::text AS t, to_regclass('schema_migrations')::text AS m`)).toEqual([{ t: null, m: null }]);
  });
  it('says which server it could not reach', async () => {
    const u = new URL(ADMIN_URL);
    u.pathname = '/rojname_no_such_database';
    const error = await PostgresArticleStore.open({ connectionString: u.toString(), checkArticle }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect((error as Error).message).toBe('database "rojname_no_such_database" does not exist');
  });
});

describe('query plans at size', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await database({ migrate: true });
    // 20,000 stories in English, 2,000 of them also in Arabic, as the store writes them.
    const store = await open(db);
    const template = JSON.stringify(await store.create(makeArticle({ id: 'template' })));
    await emptyStore(db);
    await db.query(
      `WITH n AS (SELECT generate_series(1, 20000) AS i),
            v AS (INSERT INTO article_versions (id, version, created_ms, doc) SELECT 's-' || i, 1, $1::bigint + i, $2 FROM n),
            a AS (INSERT INTO articles (id, version, pub_status) SELECT 's-' || i, 1, 'usable' FROM n)
       INSERT INTO article_languages (id, lang, item_version, article_version, fingerprint, pub_status, embargo_ms, sort_ms, changed_ms)
       SELECT 's-' || i, lang, 1, 1, 'f', CASE WHEN i % 10 = 0 THEN 'withheld' ELSE 'usable' END, NULL, $1::bigint - (20000 - i) * 60000, $1::bigint + i
         FROM n CROSS JOIN unnest(ARRAY['en', 'ar']) AS lang WHERE lang = 'en' OR i <= 2000`,
      [T0, template],
    );
    await db.query('ANALYZE');
  });

  const plans = async (sql: string, types: string[], values: (string | number)[]) => {
    const { custom, generic } = await explainPrepared(db, sql, types, values, true);
    return [custom, generic];
  };

  it('listLatest: an index scan of the partial index that stops after LIMIT rows; no sort, no table scan', async () => {
    for (const plan of await plans(LIST_LATEST_SQL, ['text', 'bigint', 'bigint'], ['en', T0, 30])) {
      const all = planNodes(plan);
      const scan = all.find((n) => n['Index Name'] === 'article_languages_latest');
      expect(scan?.['Node Type']).toBe('Index Scan');
      // The index hands the rows over in feed order: it reads 30 of 18,000, whatever the store holds.
      expect(scan?.['Actual Rows']).toBe(30);
      expect(all.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(all.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    }
  });
  it('listLatest answers with the newest usable ones', async () => {
    const store = await open(db);
    const latest = await store.listLatest({ language: 'en', limit: 3, now: new Date(T0) });
    // s-20000 is withheld (every tenth is).
    expect(latest.map((s) => s.articleId)).toEqual(['s-19999', 's-19998', 's-19997']);
    expect((await store.listLatest({ language: 'ar', limit: 1, now: new Date(T0) })).map((s) => s.articleId)).toEqual(['s-1999']);
  });
  it('listPublished: the same index range however deep the page, no sort', async () => {
    const deep = T0 - 15_000 * 60_000;
    for (const plan of await plans(LIST_PUBLISHED_SQL, ['text', 'bigint', 'bigint', 'text', 'bigint'], ['en', T0, deep, 's-5000', 31])) {
      const all = planNodes(plan);
      const scan = all.find((n) => n['Index Name'] === 'article_languages_latest');
      expect(scan?.['Node Type']).toBe('Index Scan');
      expect(scan?.['Actual Rows']).toBe(31);
      expect(all.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(all.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    }
  });
  it('nextEmbargo: a seek in the partial embargo index, not a scan of the language', async () => {
    // Fifty of the oldest stories are under embargo (the rest of the table has none).
    await db.query(`UPDATE article_languages SET embargo_ms = $1::bigint + (substr(id, 3)::int) * 1000 WHERE lang = 'en' AND substr(id, 3)::int <= 50`, [T0]);
    await db.query('ANALYZE');
    for (const plan of await plans(NEXT_EMBARGO_SQL, ['text', 'bigint'], ['en', T0])) {
      const all = planNodes(plan);
      expect(all.some((n) => n['Index Name'] === 'article_languages_embargo'), JSON.stringify(plan)).toBe(true);
      expect(all.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    }
    const store = await open(db);
    expect(await store.nextEmbargo('en', new Date(T0))).toBe(T0 + 1000);
  });
});

describe('watch across instances (LISTEN/NOTIFY)', () => {
  it("announces another instance's write within a second, by NOTIFY (the fallback timer is off)", async () => {
    const db = await database({ migrate: true });
    const reader = await open(db, { watchIntervalMs: 600_000 });
    const writer = await open(db);
    const seen: Change[] = [];
    reader.watch((changes) => seen.push(...changes));
    await within(() => listening(db, 1));
    await writer.create(makeArticle({ id: 'from-the-other' }));
    const ms = await within(() => seen.length === 1);
    expect(ms).toBeLessThan(1000);
    expect(seen[0]).toMatchObject({ seq: 1, articleId: 'from-the-other', language: 'en', kind: 'new' });
  });
  it('reconnects its LISTEN connection when the server ends it, and is told again', async () => {
    const db = await database({ migrate: true });
    const reader = await open(db, { watchIntervalMs: 600_000 });
    const writer = await open(db);
    const seen: Change[] = [];
    reader.watch((changes) => seen.push(...changes));
    await within(() => listening(db, 1));
    const [before] = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'rojname-listen'`, [db.name]);
    await db.query('SELECT pg_terminate_backend($1)', [before!.pid]);
    // A new connection, not the one that was ended.
    await within(async () => {
      const pids = await listenerPids(db);
      return pids.length === 1 && pids[0] !== before!.pid;
    });
    await writer.create(makeArticle({ id: 'after-reconnect' }));
    expect(await within(() => seen.length === 1)).toBeLessThan(1000);
    expect(seen[0]).toMatchObject({ articleId: 'after-reconnect' });
  });
  it('catches a change whose notification never came, through the fallback timer', async () => {
    const db = await database({ migrate: true });
    const reader = await open(db, { watchIntervalMs: 100 });
    const seen: Change[] = [];
    reader.watch((changes) => seen.push(...changes));
    // A commit that notifies nobody (as when the LISTEN connection was down at that moment).
    await db.query(`INSERT INTO changes (seq, id, lang, item_version, article_version, pub_status, kind, at_ms) VALUES (1, 'quiet', 'en', 1, 1, 'usable', 'new', $1)`, [T0]);
    await db.query('UPDATE change_log_head SET seq = 1');
    expect(await within(() => seen.length === 1)).toBeLessThan(1000);
    expect(seen[0]).toMatchObject({ seq: 1, articleId: 'quiet' });
  });
  it('listens only while someone watches', async () => {
    const db = await database({ migrate: true });
    const store = await open(db);
    expect(await listenerPids(db)).toEqual([]);
    const stop = store.watch(() => {});
    await within(() => listening(db, 1));
    stop();
    await within(() => listening(db, 0));
  });
});

/** The LISTEN connections up on `db`. */
async function listenerPids(db: TestDatabase): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'rojname-listen' AND query LIKE 'LISTEN%'`, [db.name]);
  return rows.map((r) => r.pid);
}
const listening = async (db: TestDatabase, n: number) => (await listenerPids(db)).length === n;

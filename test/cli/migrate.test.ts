import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { PostgresArticleStore } from '../../src/store/postgres.js';
import type { Change } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../store/postgres-db.js';
import { latestVersion } from '../../src/store/migrations/index.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite.js';

const PG = latestVersion(POSTGRES_MIGRATIONS);
const SQLITE = latestVersion(SQLITE_MIGRATIONS);

// `rojname migrate`, and `serve` on PostgreSQL (ROJNAME_DATABASE_URL), run as the real CLI.

/** Each test spawns the CLI several times (a few seconds each on a busy machine). */
const SLOW = 120_000;

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.splice(0)) await db.drop();
});
async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

/** A ROJNAME_DB in a fresh folder: ROJNAME_DATABASE_URL wins, so nothing may appear there. */
function sqlitePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'rojname-pg-cli-')), 'r.db');
}

function rojname(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { child, exit, out: () => ({ stdout, stderr }) };
}

async function run(args: string[], env: Record<string, string>) {
  const r = rojname(args, env);
  const code = await r.exit;
  return { code, ...r.out() };
}

describe.concurrent('rojname migrate and serve on PostgreSQL', () => {
  it('serve refuses an unmigrated database (exit 2, one line naming `rojname migrate`); after `rojname migrate` it serves /en/rss.xml', async () => {
    const db = await database();
    const dbPath = sqlitePath();
    const env = { ROJNAME_DATABASE_URL: db.url, ROJNAME_DB: dbPath };

    const refused = await run(['serve'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`rojname serve: ROJNAME_DATABASE_URL "${db.url}": the PostgreSQL schema is not migrated (this rojname needs version ${PG}): run \`rojname migrate\`\n`);
    expect(refused.stdout).toBe('');

    const migrated = await run(['migrate'], env);
    expect(migrated).toMatchObject({ code: 0, stderr: '', stdout: `PostgreSQL ${db.url}: migrated from schema version 0 to ${PG}\n` });
    expect(await run(['migrate'], env)).toMatchObject({ code: 0, stdout: `PostgreSQL ${db.url}: schema version ${PG}, nothing to migrate\n` });

    const serve = rojname(['serve'], env);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${JSON.stringify(serve.out())}`)), 60_000);
        serve.child.stdout.on('data', () => {
          const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.out().stdout);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        void serve.exit.then((code) => reject(new Error(`exited ${code}: ${JSON.stringify(serve.out())}`)));
      });
      // The start-up lines say which store is in use.
      expect(serve.out().stdout).toContain(`store PostgreSQL ${db.url}\n`);
      expect(serve.out().stdout).toContain('seeded "2021-02-18-nato-iraq-mission-eightfold" in en, ar, ckb, kmr');
      const response = await fetch(`http://127.0.0.1:${port}/en/rss.xml`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      expect(await response.text()).toContain('<rss');
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exit).toBe(0);
    expect(serve.out().stdout).toContain('stopped');
    expect(existsSync(dbPath)).toBe(false);
    // The stories are in PostgreSQL.
    expect(await db.query(`SELECT count(*)::int AS n FROM changes`)).toEqual([{ n: 4 }]);
  }, SLOW);
  it('serve and migrate refuse a schema newer than they know, with exit 2', async () => {
    const db = await database();
    const env = { ROJNAME_DATABASE_URL: db.url, ROJNAME_DB: sqlitePath() };
    expect((await run(['migrate'], env)).code).toBe(0);
    await db.query(`INSERT INTO schema_migrations (version, name) VALUES (${PG + 1}, 'from the future')`);
    for (const command of ['serve', 'migrate']) {
      const r = await run([command], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rojname ${command}: ROJNAME_DATABASE_URL "${db.url}": the PostgreSQL schema is at version ${PG + 1}, newer than this rojname knows (${PG}): run the newer rojname that migrated it\n`);
    }
  }, SLOW);
  it('a server it cannot reach, or a URL that is not postgres://: one line naming the setting, password left out, exit 2', async () => {
    const unreachable = await run(['serve'], { ROJNAME_DATABASE_URL: 'postgres://rojname:s3cret-pw@127.0.0.1:1/rojname' });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toBe('rojname serve: ROJNAME_DATABASE_URL "postgres://rojname:***@127.0.0.1:1/rojname": connect ECONNREFUSED 127.0.0.1:1\n');
    const wrong = await run(['migrate'], { ROJNAME_DATABASE_URL: 'mysql://root:s3cret-pw@db/x' });
    expect(wrong).toMatchObject({ code: 2, stderr: 'rojname migrate: ROJNAME_DATABASE_URL must be a postgres:// URL, e.g. postgres://rojname@127.0.0.1:5432/rojname\n' });
  }, SLOW);
  it("import writes to PostgreSQL, and a watching store on the same database is told at once", async () => {
    const db = await database();
    expect((await run(['migrate'], { ROJNAME_DATABASE_URL: db.url })).code).toBe(0);
    const store = await PostgresArticleStore.open({ connectionString: db.url, checkArticle: createArticleChecker(defaultLanguages), watchIntervalMs: 600_000 });
    try {
      const seen: Change[] = [];
      store.watch((changes) => seen.push(...changes));
      const r = await run(['import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/', '--id', 'imported-elsewhere'], {
        ROJNAME_DATABASE_URL: db.url,
      });
      expect(r).toMatchObject({ code: 0, stdout: 'stored "imported-elsewhere" version 1 (en)\n' });
      const until = Date.now() + 10_000;
      while (!seen.some((c) => c.articleId === 'imported-elsewhere')) {
        if (Date.now() > until) throw new Error('not announced within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await store.close();
    }
  }, SLOW);
});

describe.concurrent('rojname migrate on the embedded store', () => {
  it('opens (and so migrates) the SQLite file and says its schema version', async () => {
    const dbPath = sqlitePath();
    const r = await run(['migrate'], { ROJNAME_DB: dbPath, ROJNAME_DATABASE_URL: '' });
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `SQLite ${dbPath}: schema version ${SQLITE} (the embedded store migrates itself when it opens)\n` });
  }, SLOW);
  it('serve refuses a SQLite file migrated by a newer rojname: one line naming ROJNAME_DB, exit 2', async () => {
    const dbPath = sqlitePath();
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${SQLITE + 1}`);
    raw.close();
    const r = await run(['serve'], { ROJNAME_DB: dbPath, ROJNAME_DATABASE_URL: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rojname serve: ROJNAME_DB "${dbPath}": the SQLite schema is at version ${SQLITE + 1}, newer than this rojname knows (${SQLITE}): run the newer rojname that migrated it\n`);
  }, SLOW);
});

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createArticleChecker } from '../src/article/validate.js';
import { defaultLanguages } from '../src/i18n/languages.js';
import { FEED_SIZE } from '../src/publish/publisher.js';
import { openRuntime } from '../src/runtime.js';
import { PostgresArticleStore } from '../src/store/postgres.js';
import type { ArticleStore } from '../src/store/store.js';
import { fillStoreFile } from './fill.js';
import { measurePublishLatency } from './publish.js';
import { benchServing, SERVING_FIGURES } from './serving.js';
import { summarizeRounds, type BenchResult } from './results.js';
import { ADMIN_TOKEN, buildService, startService, type RunningService } from './service.js';

/**
 * The PostgreSQL store's figures beside the embedded store's: publish latency (the same edit, the
 * same stories, one service on each store), a write through one replica served by another (two
 * services on one database), and `listLatest` at 1,000 and `largeStories` stories (each store filled
 * by `bench/fill.ts`, then copied into PostgreSQL with `rojname copy`, which is timed too).
 *
 * The server is ROJNAME_BENCH_DATABASE_URL (default ROJNAME_TEST_DATABASE_URL, then the machine's own,
 * postgres://postgres@127.0.0.1:5432/postgres); each figure uses a database of its own, dropped after.
 * No server: the figures are skipped with the reason, and the run goes on.
 */

const ROOT = new URL('..', import.meta.url).pathname;
const ADMIN_URL = process.env.ROJNAME_BENCH_DATABASE_URL || process.env.ROJNAME_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PostgresBenchOptions {
  rounds?: number;
  largeStories?: number;
  progress?: (line: string) => void;
}

export async function benchPostgres(options: PostgresBenchOptions = {}): Promise<BenchResult[]> {
  const progress = options.progress ?? (() => {});
  const rounds = options.rounds ?? 20;
  const unreachable = await reachable();
  if (unreachable) {
    progress(`postgres: skipped, no PostgreSQL at ${describe(ADMIN_URL)} (${unreachable}); set ROJNAME_BENCH_DATABASE_URL`);
    return [];
  }
  await buildService();
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'rojname-bench-pg-'));
  const databases: string[] = [];
  const database = async () => {
    const name = `rojname_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    databases.push(name);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    const url = u.toString();
    await cli(['migrate'], { ROJNAME_DATABASE_URL: url });
    return url;
  };
  try {
    // 1. Publish latency on 50 stories, the same file served by SQLite and, copied, by PostgreSQL.
    progress('postgres: publish latency at 50 stories, SQLite and PostgreSQL');
    const small = join(dir, '50.db');
    await fillStoreFile(small, 49, new Date());
    const url = await database();
    await cli(['copy', '--to', url], { ROJNAME_DB: small });
    const ids = Array.from({ length: 10 }, (_, i) => `bench-${48 - i}`);
    const onSqlite = await withService({ stories: 50, dbPath: small }, (s) => measurePublishLatency(s, rounds, ids));
    const onPostgres = await withService({ stories: 50, dbPath: join(dir, 'unused.db'), env: { ROJNAME_DATABASE_URL: url } }, (s) => measurePublishLatency(s, rounds, ids));
    results.push(summarizeRounds('postgres: publish PUT → 3 new feeds, PostgreSQL vs SQLite (50 stories)', 'ms', onPostgres.map((value, i) => ({ value, baseline: onSqlite[i]! }))));

    // 2. Two replicas on one database: an edit through A, until B's feed has it.
    progress('postgres: a write through one replica, served by another');
    const a = await startService({ stories: 50, dbPath: join(dir, 'unused.db'), env: { ROJNAME_DATABASE_URL: url } });
    try {
      const b = await startService({ stories: 50, dbPath: join(dir, 'unused.db'), env: { ROJNAME_DATABASE_URL: url } });
      try {
        results.push(summarizeRounds('postgres: write through replica A → served by replica B (budget 1,000 ms)', 'ms', await crossReplicaRounds(a, b, 10, ids)));
      } finally {
        await b.stop();
      }
    } finally {
      await a.stop();
    }
    // The same requests as the serving figures, of a service on PostgreSQL (the request path reads
    // memory whatever the store: these should match the embedded store's figures).
    const onPg = await benchServing({
      service: { stories: 50, dbPath: join(dir, 'unused.db'), env: { ROJNAME_DATABASE_URL: url } },
      figures: SERVING_FIGURES.filter((f) => (f.path === '/en/rss.xml' && (f.encoding === 'br' || f.conditional === 'if-none-match')) || (f.path === '/newsml/en/latest.xml' && f.encoding === 'br')),
      namePrefix: 'postgres: ',
      progress,
    });
    results.push(...onPg);
    rmSync(small, { force: true });

    // 3. listLatest and change-feed pages at 1,000 and `largeStories` stories; the copy's rate.
    const large = options.largeStories ?? 100_000;
    const measured = new Map<number, { pgList: number; sqliteList: number; pgChanges: number; copyPerSec: number }>();
    for (const stories of [1_000, large]) {
      progress(`postgres: filling and copying a store of ${stories.toLocaleString('en')} stories`);
      const path = join(dir, `${stories}.db`);
      await fillStoreFile(path, stories - 1, new Date());
      const target = await database();
      const started = performance.now();
      await cli(['copy', '--to', target], { ROJNAME_DB: path });
      const copyPerSec = (stories * 1000) / (performance.now() - started);
      await adminQuery(`ANALYZE`, target);
      const { store: sqlite } = openRuntime(path);
      const postgres = await PostgresArticleStore.open({ connectionString: target, checkArticle: createArticleChecker(defaultLanguages) });
      try {
        measured.set(stories, { sqliteList: await listRate(sqlite), pgList: await listRate(postgres), pgChanges: await changesRate(postgres, stories), copyPerSec });
      } finally {
        await sqlite.close();
        await postgres.close();
      }
      rmSync(path, { force: true });
    }
    const n = large.toLocaleString('en');
    const lo = measured.get(1_000)!;
    const hi = measured.get(large)!;
    results.push(summarizeRounds(`postgres: listLatest(30), ${n} vs 1,000 stories (≥ 0.83 = within 1.2×)`, 'queries/s', [{ value: hi.pgList, baseline: lo.pgList }]));
    results.push(summarizeRounds(`postgres: listLatest(30) at ${n} stories, PostgreSQL vs SQLite (in-process)`, 'queries/s', [{ value: hi.pgList, baseline: hi.sqliteList }]));
    results.push(summarizeRounds(`postgres: change-feed page (100), ${n} vs 1,000 stories (≥ 0.83)`, 'pages/s', [{ value: hi.pgChanges, baseline: lo.pgChanges }]));
    results.push(summarizeRounds(`postgres: rojname copy, ${n} vs 1,000 stories (stories/s)`, 'stories/s', [{ value: hi.copyPerSec, baseline: lo.copyPerSec }]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
  return results;
}

/** Undefined when the server answers; else why not. */
async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const e = error as Error;
    return e instanceof AggregateError ? e.errors.map((x: unknown) => (x as Error).message).join('; ') : e.message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(sql: string, url = ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const describe = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** Runs the compiled CLI (dist/, as `npm start` has it) to its end; throws with its stderr on a non-zero exit. */
function cli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rojname ${args[0]}: exit ${code}: ${stderr}`))));
  });
}

async function withService<T>(options: Parameters<typeof startService>[0], fn: (s: RunningService) => Promise<T>): Promise<T> {
  const service = await startService(options);
  try {
    return await fn(service);
  } finally {
    await service.stop();
  }
}

/** Each round: an edit through `a`, then `b`'s /en/rss.xml polled until its ETag is new, from `a`'s answer. */
async function crossReplicaRounds(a: RunningService, b: RunningService, rounds: number, ids: readonly string[]): Promise<{ value: number; baseline: number }[]> {
  const out: { value: number; baseline: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = ids[i % ids.length]!;
    const before = (await fetch(`${b.baseUrl}/en/rss.xml`, { headers: { 'accept-encoding': 'identity' } })).headers.get('etag');
    const got = await fetch(`${a.baseUrl}/api/articles/${id}`, { headers: admin });
    const story = (await got.json()) as { localizations: Record<string, { headline: string }> };
    story.localizations.en!.headline = `Edited across replicas ${i} ${Date.now()}`;
    const put = await fetch(`${a.baseUrl}/api/articles/${id}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json', 'if-match': got.headers.get('etag')! }, body: JSON.stringify(story) });
    if (put.status !== 200) throw new Error(`PUT ${id} on replica A: ${put.status} ${await put.text()}`);
    const answered = performance.now();
    for (;;) {
      const res = await fetch(`${b.baseUrl}/en/rss.xml`, { headers: { 'accept-encoding': 'identity' } });
      await res.arrayBuffer();
      if (res.headers.get('etag') !== before) break;
      if (performance.now() - answered > 10_000) throw new Error('a write through replica A was not served by replica B within 10 s');
      await sleep(5);
    }
    out.push({ value: performance.now() - answered, baseline: 1000 });
    await sleep(150);
  }
  return out;
}

async function rate(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - started);
}

/** listLatest(30) per second; the documents come with PostgreSQL's rows, so both stores read them here. */
const listRate = (store: ArticleStore) => rate(async () => (await store.listLatest({ language: 'ckb', limit: FEED_SIZE, now: new Date() })).map((v) => v.article.id));
const changesRate = (store: ArticleStore, stories: number) => rate(() => store.changes(Math.floor((stories * 4) / 2), 100));


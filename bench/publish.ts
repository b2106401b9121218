import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Feed } from 'feed';
import { renderBodyHtml } from '../src/formats/body.js';
import { createTranslator } from '../src/i18n/i18n.js';
import { localizeItem, type LocalizedItem } from '../src/i18n/localize.js';
import { BEST, FAST } from '../src/publish/rendered.js';
import { FEED_SIZE } from '../src/publish/publisher.js';
import { openRuntime } from '../src/runtime.js';
import { fillStoreFile } from './fill.js';
import { median, summarizeRounds, type BenchResult } from './results.js';
import { ADMIN_TOKEN, startService, type RunningService } from './service.js';

const FEEDS = ['rss.xml', 'atom.xml', 'feed.json'];
const ROOT = new URL('..', import.meta.url).pathname;
const admin = { authorization: `Bearer ${process.env.BENCH_ADMIN ?? ADMIN_TOKEN}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One keep-alive connection's worth of HTTP, raw (no decoding on the client): a cheap client. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The identity entity tag behind an encoding's variant (`"tag-br.1"` → `"tag"`). */
const baseTag = (etag: unknown) => String(etag).replace(/-(?:br|gzip)(?:\.1)?"$/, '"');

/**
 * Publish latency: from the start of an editor's PUT until a GET of each of the language's three
 * feeds returns the new bytes (new entity tag; as a reader's client asks for them: brotli or gzip),
 * over loopback against the running service, with a raw keep-alive client. One edit per round, a
 * short pause between rounds (edits do not come back to back). Returns each round's milliseconds.
 */
export async function measurePublishLatency(service: RunningService, rounds: number, ids: readonly string[]): Promise<number[]> {
  const times: number[] = [];
  const accept = { 'accept-encoding': 'br, gzip' };
  for (let i = 0; i < rounds; i++) {
    const id = ids[i % ids.length]!;
    const before = await Promise.all(FEEDS.map(async (file) => baseTag((await call(`${service.baseUrl}/en/${file}`, 'GET', accept)).headers.etag)));
    const got = await call(`${service.baseUrl}/api/articles/${id}`, 'GET', admin);
    const story = JSON.parse(got.body.toString('utf8')) as { localizations: Record<string, { headline: string }> };
    story.localizations.en!.headline = `Edited headline ${i} ${Date.now()}`;
    const body = JSON.stringify(story);
    const started = performance.now();
    const put = await call(`${service.baseUrl}/api/articles/${id}`, 'PUT', { ...admin, 'content-type': 'application/json', 'if-match': String(got.headers.etag) }, body);
    if (put.status !== 200) throw new Error(`PUT ${id}: ${put.status} ${put.body.toString('utf8')}`);
    for (const [f, file] of FEEDS.entries()) {
      const res = await call(`${service.baseUrl}/en/${file}`, 'GET', accept);
      // A new entity tag is new bytes (it is a hash of them); the tests check what those bytes say.
      if (res.status !== 200 || baseTag(res.headers.etag) === before[f]) throw new Error(`GET /en/${file} right after the write did not return new bytes`);
    }
    times.push(performance.now() - started);
    await sleep(150);
  }
  return times;
}

/** Milliseconds for the `feed` package to render RSS 2.0, Atom 1.0 and JSON Feed of `items`, no checks. */
export function timeFeedPackage(items: readonly LocalizedItem[], renders = 20): number {
  const once = () => {
    const feed = new Feed({ title: 'Rojname', id: 'https://rojname.example/en/', link: 'https://rojname.example/en/', language: 'en', copyright: '© Rojname', updated: new Date(items[0]!.updated) });
    for (const item of items) {
      feed.addItem({
        title: item.headline,
        id: item.tagUri,
        link: item.url,
        description: item.summary,
        content: renderBodyHtml(item),
        date: new Date(item.updated),
        published: new Date(item.published),
        author: item.creators.map((c) => ({ name: c.name })),
        category: item.subjects.map((s) => ({ name: s.label, domain: s.uri })),
        ...(item.image ? { image: item.image.url } : {}),
      });
    }
    feed.rss2();
    feed.atom1();
    feed.json1();
  };
  for (let i = 0; i < 5; i++) once();
  const started = performance.now();
  for (let i = 0; i < renders; i++) once();
  return (performance.now() - started) / renders;
}

/** The 30 stories of a language's feed in `path`, localized as the service shows them. */
async function feedItems(path: string, language: string): Promise<LocalizedItem[]> {
  const { store, languages } = openRuntime(path);
  try {
    const ctx = { languages, translator: createTranslator(languages), baseUrl: 'http://127.0.0.1' };
    return (await store.listLatest({ language, limit: FEED_SIZE, now: new Date() })).map((v) => localizeItem(v, ctx));
  } finally {
    await store.close();
  }
}

/** Ids of stories in the en feed of a store filled by `fillStoreFile` or `startService` (newest copies). */
const newestCopies = (stories: number) => Array.from({ length: 10 }, (_, i) => `bench-${stories - 2 - i}`);

/** Peak resident memory of a process (Linux `VmHWM`), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export interface PublishBenchOptions {
  rounds?: number;
  /** Stories of the large store for the scale figures (the 100,000). */
  largeStories?: number;
  progress?: (line: string) => void;
}

/** Publish latency against the `feed` package, compression levels, and how it all scales. */
export async function benchPublish(options: PublishBenchOptions = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 40;
  const progress = options.progress ?? (() => {});
  const results: BenchResult[] = [];

  // 1. Publish latency at 50 stories against the feed package rendering the same 30 items.
  {
    progress('publish: latency at 50 stories');
    const service = await startService({ stories: 50 });
    try {
      const items = await feedItems(service.dbPath, 'en');
      const latency = await measurePublishLatency(service, rounds, newestCopies(50));
      const baseline = median(Array.from({ length: 5 }, () => timeFeedPackage(items)));
      results.push(summarizeRounds('publish: PUT → 3 new feeds (lower is better; target ≤ 2× feed pkg)', 'ms', latency.map((value) => ({ value, baseline }))));

      // A write by another process on the same store file (`rojname import` while `serve` runs):
      // from the end of the import until the feed shows it, against the 1 s budget.
      results.push(summarizeRounds('publish: rojname import in another process → served (budget 1,000 ms)', 'ms', await crossProcessRounds(service, 5)));

      // 2. Compression: sizes and times of our two levels on that language's RSS feed.
      const rss = Buffer.from(await (await fetch(`${service.baseUrl}/en/rss.xml`)).arrayBuffer());
      const timed = (f: () => Buffer) => {
        const t = performance.now();
        const out = f();
        return { ms: performance.now() - t, bytes: out.length };
      };
      const br = (q: number) => timed(() => brotliCompressSync(rss, { params: { [constants.BROTLI_PARAM_QUALITY]: q, [constants.BROTLI_PARAM_SIZE_HINT]: rss.length } }));
      const gz = (level: number) => timed(() => gzipSync(rss, { level }));
      const pairs = (fast: () => { ms: number; bytes: number }, best: () => { ms: number; bytes: number }) => Array.from({ length: 5 }, () => [fast(), best()] as const);
      for (const [name, fast, best, fastLevel, bestLevel] of [
        ['brotli', () => br(FAST.brotli), () => br(BEST.brotli), FAST.brotli, BEST.brotli],
        ['gzip', () => gz(FAST.gzip), () => gz(BEST.gzip), FAST.gzip, BEST.gzip],
      ] as const) {
        const measured = pairs(fast, best);
        results.push(summarizeRounds(`compression: ${name} ${fastLevel} vs ${bestLevel}, bytes of /en/rss.xml (${rss.length} B)`, 'B', measured.map(([f, b]) => ({ value: f.bytes, baseline: b.bytes }))));
        results.push(summarizeRounds(`compression: ${name} ${fastLevel} vs ${bestLevel}, time`, 'ms', measured.map(([f, b]) => ({ value: f.ms, baseline: b.ms }))));
      }
    } finally {
      await service.stop();
    }
  }

  // 3. Scale: the same figures on 1,000 and on `largeStories` stories.
  const large = options.largeStories ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'rojname-bench-scale-'));
  try {
    const measured = new Map<number, { latency: number[]; startMs: number; peakMiB: number; listPerSec: number; changesPerSec: number }>();
    for (const stories of [1_000, large]) {
      progress(`publish: filling a store of ${stories.toLocaleString('en')} stories`);
      const path = join(dir, `${stories}.db`);
      await fillStoreFile(path, stories - 1, new Date());
      const { listPerSec, changesPerSec } = await storeRates(path, stories);
      progress(`publish: serving ${stories.toLocaleString('en')} stories`);
      const started = performance.now();
      const service = await startService({ stories, dbPath: path });
      const startMs = performance.now() - started;
      try {
        const latency = await measurePublishLatency(service, rounds, newestCopies(stories));
        // Readers and partners after the edits, so the peak covers serving too.
        for (const p of ['/en/rss.xml', '/ar/atom.xml', '/ckb/feed.json', '/kmr/', `/en/articles/bench-${stories - 2}`]) await (await fetch(`${service.baseUrl}${p}`)).arrayBuffer();
        measured.set(stories, { latency, startMs, peakMiB: peakRssMiB(service.pid), listPerSec, changesPerSec });
      } finally {
        await service.stop();
      }
      rmSync(path, { force: true });
    }
    const small = measured.get(1_000)!;
    const big = measured.get(large)!;
    const n = large.toLocaleString('en');
    results.push(summarizeRounds(`scale: listLatest(30), ${n} vs 1,000 stories (≥ 0.83 = within 1.2×)`, 'queries/s', [{ value: big.listPerSec, baseline: small.listPerSec }]));
    results.push(summarizeRounds(`scale: change-feed page (100), ${n} vs 1,000 stories (≥ 0.83)`, 'pages/s', [{ value: big.changesPerSec, baseline: small.changesPerSec }]));
    results.push(summarizeRounds(`scale: publish latency, ${n} vs 1,000 stories (≤ 1.2)`, 'ms', [{ value: median(big.latency), baseline: median(small.latency) }]));
    results.push(summarizeRounds(`scale: peak RSS of the service with ${n} stories vs the 512 MiB budget`, 'MiB', [{ value: big.peakMiB, baseline: 512 }]));
    results.push(summarizeRounds(`scale: start-up (spawn → first answer), ${n} vs 1,000 stories`, 'ms', [{ value: big.startMs, baseline: small.startMs }]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Each round: `rojname import` of a fresh copy in its own process, then poll the feed until it shows it. */
async function crossProcessRounds(service: RunningService, rounds: number): Promise<{ value: number; baseline: number }[]> {
  const out: { value: number; baseline: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = `cross-process-${i}`;
    // The clock starts when the import says it stored the story (its commit), not when it exits.
    const stored = new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['dist/cli/main.js', 'import', 'content/sample/en.txt', '--lang', 'en', '--published', new Date().toISOString(), '--provider-uri', 'https://www.kurdistan24.net/', '--id', id], {
        cwd: ROOT,
        env: { ...process.env, ROJNAME_DB: service.dbPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().startsWith('stored')) resolve(performance.now());
      });
      child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`rojname import: ${stderr}`))));
    });
    const committed = await stored;
    for (;;) {
      const res = await call(`${service.baseUrl}/en/rss.xml`, 'GET', {});
      if (res.body.includes(`/en/articles/${id}<`)) break;
      if (performance.now() - committed > 10_000) throw new Error('an import by another process was not served within 10 s');
      await sleep(10);
    }
    out.push({ value: performance.now() - committed, baseline: 1000 });
  }
  return out;
}

/** listLatest(30) and change-feed pages (100 changes from the middle of the log) per second, in-process. */
async function storeRates(path: string, stories: number): Promise<{ listPerSec: number; changesPerSec: number }> {
  const { store } = openRuntime(path);
  try {
    const rate = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 200; i++) await fn();
      let n = 0;
      const started = performance.now();
      while (performance.now() - started < 1000) {
        await fn();
        n++;
      }
      return (n * 1000) / (performance.now() - started);
    };
    const middle = Math.floor((stories * 4) / 2);
    // Only the index is timed: the documents are parsed when first read, which these calls never do.
    const listPerSec = await rate(() => store.listLatest({ language: 'ckb', limit: FEED_SIZE, now: new Date() }));
    const changesPerSec = await rate(() => store.changes(middle, 100));
    return { listPerSec, changesPerSec };
  } finally {
    await store.close();
  }
}

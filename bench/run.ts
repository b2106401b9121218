/**
 * `npm run bench`: rojname's performance figures, each a ratio against a baseline measured in the
 * same run on the same machine (absolute numbers are printed for context only).
 */
import { gzipSync } from 'node:zlib';
import { createApp } from '../src/http/app.js';
import { createTranslator } from '../src/i18n/i18n.js';
import { defaultLanguages } from '../src/i18n/languages.js';
import { localizeFeed } from '../src/i18n/localize.js';
import { rssFormat } from '../src/formats/rss/index.js';
import { FEED_SIZE } from '../src/publish/publisher.js';
import { openRuntime, seedSample } from '../src/runtime.js';
import type { ArticleStore } from '../src/store/store.js';

const translator = createTranslator(defaultLanguages);
const NOW = new Date('2026-03-01T09:00:00Z');

/** Operations per second of `fn`, run for about `ms` after a warm-up. */
async function opsPerSecond(fn: () => unknown, ms = 1500): Promise<number> {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

async function fillStore(store: ArticleStore, count: number): Promise<void> {
  const template = (await store.get('2021-02-18-nato-iraq-mission-eightfold'))!;
  for (let i = 0; i < count; i++) {
    await store.create({ ...template, id: `bench-${i}`, published: new Date(NOW.getTime() - (count - i) * 60_000).toISOString() });
  }
}

async function runtimeWith(count: number) {
  const runtime = openRuntime(':memory:', () => NOW);
  await seedSample(runtime.store);
  await fillStore(runtime.store, count);
  return runtime;
}

const rows: [string, string, string][] = [];
const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });

// 1. listLatest: does its cost grow with the store? Baseline: a store of 1,000 stories.
{
  const small = await runtimeWith(1_000);
  const large = await runtimeWith(20_000);
  const q = (store: ArticleStore) => () => store.listLatest({ language: 'ckb', limit: FEED_SIZE, now: NOW });
  const base = await opsPerSecond(q(small.store));
  const big = await opsPerSecond(q(large.store));
  rows.push(['listLatest(30) on 20,000 stories vs 1,000', `${(big / base).toFixed(2)}×`, `${fmt(big)} vs ${fmt(base)} queries/s`]);
}

// 2. Serving a feed: published bytes vs rendering per request. Baseline: query, localize, render and gzip
//    on every request, as a server with a compression middleware and no publish step would.
{
  const runtime = await runtimeWith(29);
  const app = createApp({ ...runtime, translator, baseUrl: 'https://rojname.example', partnerKeys: new Map(), log: () => {} });
  const ctx = { languages: defaultLanguages, translator, baseUrl: 'https://rojname.example' };
  const perRequest = async () => {
    const stories = await runtime.store.listLatest({ language: 'ar', limit: FEED_SIZE, now: NOW });
    gzipSync(rssFormat.render(localizeFeed({ language: 'ar', stories, updated: NOW.toISOString() }, ctx)));
  };
  const base = await opsPerSecond(perRequest);
  const served = await opsPerSecond(async () => (await app.request('/ar/rss.xml', { headers: { 'accept-encoding': 'br' } })).arrayBuffer());
  const etag = (await app.request('/ar/rss.xml')).headers.get('etag')!;
  const revalidated = await opsPerSecond(() => app.request('/ar/rss.xml', { headers: { 'if-none-match': etag } }));
  rows.push(['GET /ar/rss.xml (30 items, br) vs render+gzip per request', `${(served / base).toFixed(1)}×`, `${fmt(served)} vs ${fmt(base)} requests/s`]);
  rows.push(['GET /ar/rss.xml answered 304 vs render+gzip per request', `${(revalidated / base).toFixed(1)}×`, `${fmt(revalidated)} vs ${fmt(base)} requests/s`]);
}

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`rojname benchmark (Node ${process.version}; ratios > 1 mean faster than the baseline)\n\n`);
for (const [what, ratio, detail] of rows) process.stdout.write(`${what.padEnd(width)}  ${ratio.padStart(7)}   (${detail})\n`);

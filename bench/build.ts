/**
 * The static build at scale: `node dist/cli/main.js build` over stores of 1,000 and 5,000 stories
 * (four languages each, so 4,000 and 20,000 article pages), and a rebuild after one edit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime, seedSample } from '../src/runtime.js';
import { summarizeRounds, type BenchResult } from './results.js';
import { addStoryCopies } from './stories.js';

const ROOT = new URL('../', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist/cli/main.js');
const NOW = new Date('2026-03-01T09:00:00Z');

/** A store file holding the sample story and `count` copies of it; how long filling it took. */
async function makeStore(dir: string, count: number): Promise<{ db: string; fillMs: number }> {
  const db = join(dir, `stories-${count}.db`);
  const runtime = openRuntime(db, () => NOW);
  const started = performance.now();
  // The store's API writes one story per transaction (there is no batch write); WAL with
  // synchronous=NORMAL makes that cheap enough.
  await seedSample(runtime.store);
  await addStoryCopies(runtime.store, count, NOW);
  const fillMs = performance.now() - started;
  await runtime.store.close();
  return { db, fillMs };
}

interface BuildRun {
  ms: number;
  written: number;
  unchanged: number;
}

/** One `rojname build` in its own process, as a user runs it; the figures from its summary line. */
function build(db: string, out: string): BuildRun {
  const started = performance.now();
  const r = spawnSync(process.execPath, [MAIN, 'build', '--out', out, '--base-url', 'https://rojname.example'], {
    encoding: 'utf8',
    env: { ...process.env, ROJNAME_DB: db },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`bench build: rojname build exited ${r.status}: ${r.stderr}`);
  const m = /^build: ([\d,]+) written, ([\d,]+) unchanged/m.exec(r.stdout);
  if (!m) throw new Error(`bench build: no summary line in:\n${r.stdout}`);
  const n = (s: string) => Number(s.replaceAll(',', ''));
  return { ms, written: n(m[1]!), unchanged: n(m[2]!) };
}

/** Edits the newest copy's English headline, as an editor fixing a fresh story would. */
async function editOneStory(db: string, count: number): Promise<void> {
  const runtime = openRuntime(db, () => NOW);
  const id = `bench-${count - 1}`;
  const story = (await runtime.store.get(id))!;
  const en = story.localizations.en!;
  await runtime.store.update(id, { ...story, localizations: { ...story.localizations, en: { ...en, headline: `${en.headline} (updated)` } } }, story.version);
  await runtime.store.close();
}

/**
 * Stories per second of a cold build (into an empty folder) at 5,000 stories against the same at
 * 1,000, each less the cost of a build with no stories besides the sample (process start, feeds,
 * media), so the ratio compares the per-story cost: 1 means it does not grow with the store, below 1
 * that a story costs more in a bigger store. Then one edit and a rebuild: files written of all files.
 */
export async function benchBuild(options: { rounds?: number } = {}): Promise<BenchResult[]> {
  const roundCount = options.rounds ?? 1;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'rojname-bench-build-'));
  try {
    const empty = await makeStore(dir, 0);
    const small = await makeStore(dir, 1_000);
    const large = await makeStore(dir, 5_000);
    process.stderr.write(`bench build: filled 1,000 stories in ${(small.fillMs / 1000).toFixed(1)} s, 5,000 in ${(large.fillMs / 1000).toFixed(1)} s\n`);
    const rounds = [];
    for (let i = 0; i < roundCount; i++) {
      const fixed = build(empty.db, join(dir, `out-0-${i}`)).ms;
      const base = build(small.db, join(dir, `out-1000-${i}`)).ms - fixed;
      const big = build(large.db, join(dir, `out-5000-${i}`)).ms - fixed;
      rounds.push({ value: (5_000 * 1000) / big, baseline: (1_000 * 1000) / base });
    }
    // One edit, then a rebuild into the last folder: only the files whose bytes changed are written.
    const out = join(dir, `out-5000-${roundCount - 1}`);
    await editOneStory(large.db, 5_000);
    const rebuild = build(large.db, out);
    return [
      summarizeRounds('rojname build: 5,000 stories vs 1,000 (stories/s; below 1 = per-story cost grows)', 'stories/s', rounds),
      summarizeRounds('rebuild after one edit of 5,000 stories: files written of all files', 'files', [
        { value: rebuild.written, baseline: rebuild.written + rebuild.unchanged },
      ]),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

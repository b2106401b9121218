import { spawnSync } from 'node:child_process';
import { summarizeRounds, type BenchResult } from './results.js';
import { buildService } from './service.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** Wall time of one run of `node ARGS` from the repository (ms); fails on a non-zero exit. */
function timeNode(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ROJNAME_DB: ':memory:' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Start-up of the installed command (`node bin/rojname.js`, compiled JavaScript) against
 * `node -e 0`, alternating, several rounds (target: at most 4× for --help and locales check).
 */
export async function benchStartup(rounds = 10): Promise<BenchResult[]> {
  await buildService();
  const results: BenchResult[] = [];
  for (const [name, args] of [
    ['start-up: rojname --help vs node -e 0 (lower is better; target ≤ 4×)', ['bin/rojname.js', '--help']],
    ['start-up: rojname locales check vs node -e 0 (target ≤ 4×)', ['bin/rojname.js', 'locales', 'check']],
  ] as const) {
    timeNode([...args]);
    const pairs: { value: number; baseline: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const baselineFirst = i % 2 === 0 ? timeNode(['-e', '0']) : undefined;
      const value = timeNode([...args]);
      const baseline = baselineFirst ?? timeNode(['-e', '0']);
      pairs.push({ value, baseline });
    }
    results.push(summarizeRounds(name, 'ms', pairs));
  }
  return results;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inBatches, ROOT, runCli, STACK_TRACE } from './helpers.js';
import { nastyText } from './text.js';

/**
 * Issue 8, item 1, for the command line: arbitrary flags to every command end with exit 0 (help,
 * or the work done), 1 (invalid content) or 2 (a wrong command line or setting), with a message
 * and never a stack trace. Each run is its own process, so the runs are few and fixed by a seed.
 */

const COMMANDS = ['serve', 'seed', 'import', 'build', 'preview', 'locales', 'schemas', 'help', 'frobnicate', '', '-x', '--version'];
const FLAGS = [
  '--help', '-h', '--lang', '--published', '--provider-uri', '--provider', '--id', '--subject', '--dry-run', '--out', '--base-url', '--force', '--check',
  '--', '-', '-x', '--lang=', '--out=', '--unknown', '---', '--=x', '--no-force', '-hx', '--lang=en', '--published=2021-02-18T19:30:00+03:00',
];
const VALUES = ['en', 'xx', 'rss', 'atom', 'json', 'newsml', 'check', '', ' ', '..', '.', '/nonexistent/file', '../../etc', 'content/sample/en.txt', join(ROOT, 'content/sample/en.txt'), 'https://rojname.example', 'javascript:alert(1)', '2021-02-18T19:30:00+03:00', 'medtop:16000000', '-1', '1e309'];
const arg = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FLAGS) }, { weight: 3, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: nastyText(8).filter((t) => !t.includes('\u0000')) });
const argv = fc
  .tuple(fc.constantFrom(...COMMANDS), fc.array(arg, { maxLength: 7 }))
  // `schemas` without --check rewrites schemas/ in the repository, so it always checks here.
  .map(([command, args]) => (command === 'schemas' && !args.includes('--check') ? [command, '--check', ...args] : [command, ...args]).filter((a, i) => i > 0 || a !== ''));

describe('arbitrary flags to rojname', () => {
  it('exit 0, 1 or 2 with a message, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-flags-'));
    // Any store it touches is a throw-away one; `serve` refuses its PORT instead of listening.
    const env = (args: string[]) => ({ ROJNAME_DB: join(dir, 'r.db'), ...(args[0] === 'serve' ? { PORT: 'not-a-port' } : {}) });
    const cases = [...fc.sample(argv, { numRuns: 25, seed: Number(process.env.FUZZ_SEED ?? 8) }), ['import'], ['import', '--lang'], ['preview', 'xx'], ['build', '--out'],
      ['import', '-', '--lang', 'xx', '--published', 'yesterday', '--provider-uri', 'javascript:alert(1)', '--subject', '__proto__']];
    const runs = await inBatches(
      cases.map((args) => () => runCli(args, { cwd: dir, env: env(args), input: 'Headline\n\nERBIL (Kurdistan 24) – Body.\n', ms: 60_000 })),
      3,
    );
    for (const [i, run] of runs.entries()) {
      const what = `rojname ${JSON.stringify(cases[i])}: exit ${run.code} ${run.signal ?? ''}\n${run.stderr.slice(0, 1500)}`;
      expect([0, 1, 2], what).toContain(run.code);
      expect(run.stderr, what).not.toMatch(STACK_TRACE);
      if (run.code === 0) expect(run.stdout.length, what).toBeGreaterThan(0);
      else expect(run.stderr.trim().length, what).toBeGreaterThan(0);
    }
    // The sample reaches past the usage checks into the commands themselves.
    expect(new Set(runs.map((r) => r.code))).toEqual(new Set([0, 1, 2]));
  }, 240_000);
});

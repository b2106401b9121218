/**
 * `npm run bench`: rojname's performance figures, each a ratio against a baseline measured in the
 * same run on the same machine (absolute numbers are printed for context only). The figures are
 * printed as a table and written to bench/results.json. Progress goes to standard error.
 *
 * BENCH_ROUNDS / BENCH_SECONDS shape the serving rounds; BENCH_LARGE sets the large store of the
 * scale figures (default 100,000 stories). ROJNAME_BENCH_DATABASE_URL names the PostgreSQL server of
 * the `postgres:` figures (bench/postgres.ts; skipped when none answers). BENCH_NODE_ARGS adds node
 * flags to the measured processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile them under
 * the bench's own load).
 */
import { benchBuild } from './build.js';
import { benchPostgres } from './postgres.js';
import { benchPublish } from './publish.js';
import { printResults, writeResults, type BenchResult } from './results.js';
import { benchServing } from './serving.js';
import { benchStartup } from './startup.js';

const progress = (line: string) => process.stderr.write(`${line}\n`);
const results: BenchResult[] = [];
const started = performance.now();

progress('start-up');
results.push(...(await benchStartup()));
results.push(...(await benchServing()));
results.push(...(await benchPublish({ progress, ...(process.env.BENCH_LARGE ? { largeStories: Number(process.env.BENCH_LARGE) } : {}) })));
// The PostgreSQL store beside the embedded one (skipped, with the reason, when no server answers).
results.push(...(await benchPostgres({ progress, ...(process.env.BENCH_LARGE ? { largeStories: Number(process.env.BENCH_LARGE) } : {}) })));
progress('static build');
results.push(...(await benchBuild()));

process.stdout.write(`rojname benchmark (Node ${process.version}; ${((performance.now() - started) / 60_000).toFixed(1)} min; ratio = value / baseline)\n\n`);
printResults(results);
writeResults(results);

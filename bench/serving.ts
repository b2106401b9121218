import autocannon from 'autocannon';
import { ACCEPT, getRaw, recordPath, type Encoding, type Recording } from './recording.js';
import { summarizeRounds, type BenchResult, type RoundPair } from './results.js';
import { logTail, PARTNER_KEY, startMinimalApp, startService, type RunningProcess, type ServiceOptions } from './service.js';
import { SAMPLE_ID } from './stories.js';

export { startService, type RunningService, type ServiceOptions } from './service.js';

/**
 * The serving benchmark: the service as `npm start` runs it (compiled, its log going to a file) against
 * a minimal Hono app on @hono/node-server that returns the same bytes and headers from memory, each in
 * its own process, loaded by autocannon over loopback. Each figure is the median of per-round ratios
 * (service requests/s ÷ minimal app requests/s, measured back to back, the order alternating by round).
 */

export interface ServingOptions {
  /** Alternating rounds per figure, at least 3 (default `BENCH_ROUNDS`, else 5: the median of five rides out a noisy neighbour on a shared machine). */
  rounds?: number;
  /** Seconds per autocannon run (default `BENCH_SECONDS`, else 1). */
  durationSec?: number;
  /** Seconds of load on each app before a figure's rounds (default 0.5). */
  warmupSec?: number;
  /** Concurrent connections (default 32). */
  connections?: number;
  /** Stories in the service's store (default 50). */
  stories?: number;
  /** Where progress goes (default standard error). */
  progress?: (line: string) => void;
  /** Another service than the default one (e.g. on PostgreSQL): what `startService` is given. */
  service?: ServiceOptions;
  /** A subset of `SERVING_FIGURES` (default: all). */
  figures?: readonly Figure[];
  /** Put before each figure's name (e.g. `postgres: `). */
  namePrefix?: string;
}

export interface Figure {
  path: string;
  encoding: Encoding;
  partner?: boolean;
  /** Sent with the recorded variant's validator, so the answer is a 304. */
  conditional?: 'if-none-match' | 'if-modified-since';
}

const ARTICLE = `/en/articles/${SAMPLE_ID}`;
const ITEM = `/newsml/items/${SAMPLE_ID}/en.xml`;

export const SERVING_FIGURES: readonly Figure[] = [
  { path: '/en/rss.xml', encoding: 'identity' },
  { path: '/en/rss.xml', encoding: 'gzip' },
  { path: '/en/rss.xml', encoding: 'br' },
  { path: '/en/rss.xml', encoding: 'identity', conditional: 'if-none-match' },
  { path: '/en/rss.xml', encoding: 'identity', conditional: 'if-modified-since' },
  { path: '/en/', encoding: 'identity' },
  { path: '/en/', encoding: 'br' },
  { path: ARTICLE, encoding: 'identity' },
  { path: ARTICLE, encoding: 'identity', conditional: 'if-none-match' },
  { path: '/newsml/en/latest.xml', encoding: 'br', partner: true },
  { path: '/newsml/en/latest.xml', encoding: 'identity', partner: true, conditional: 'if-none-match' },
  { path: ITEM, encoding: 'br', partner: true },
  { path: ITEM, encoding: 'identity', partner: true, conditional: 'if-none-match' },
  { path: `${ITEM}?version=1`, encoding: 'br', partner: true },
  { path: `/newsml/packages/${SAMPLE_ID}.xml`, encoding: 'br', partner: true },
];

const ENCODING_NAMES: Record<Encoding, string> = { identity: 'plain', gzip: 'gzip', br: 'br' };
const HEADER_NAMES = { 'if-none-match': 'If-None-Match', 'if-modified-since': 'If-Modified-Since' };
const VALIDATORS = { 'if-none-match': 'etag', 'if-modified-since': 'last-modified' };

const figureName = (f: Figure) => `GET ${f.path} ${f.conditional ? `304 ${HEADER_NAMES[f.conditional]}` : ENCODING_NAMES[f.encoding]}`;
const partnerHeaders = (f: Figure): Record<string, string> => (f.partner ? { authorization: `Bearer ${PARTNER_KEY}` } : {});

/** Runs every serving figure; both processes are stopped and their files removed, also on failure. */
export async function benchServing(options: ServingOptions = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS || 5);
  const durationSec = options.durationSec ?? Number(process.env.BENCH_SECONDS || 1);
  const warmupSec = options.warmupSec ?? 0.5;
  const connections = options.connections ?? 32;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!Number.isInteger(rounds) || rounds < 3) throw new Error(`benchServing: at least 3 rounds, not ${rounds}`);
  if (!(durationSec > 0)) throw new Error(`benchServing: the duration must be a positive number of seconds, not ${durationSec}`);

  const started = performance.now();
  const figures = options.figures ?? SERVING_FIGURES;
  const prefix = options.namePrefix ?? '';
  progress(`${prefix}serving: building and starting the service (${options.stories ?? 50} stories)`);
  const service = await startService(options.service ?? { stories: options.stories ?? 50 });
  let minimal: RunningProcess | undefined;
  try {
    const recording = await recordFigures(service.baseUrl, figures);
    minimal = await startMinimalApp(recording);
    await checkReplay(minimal.baseUrl, recording, figures);
    const apps = { service, minimal };
    progress(`${prefix}serving: ${figures.length} figures × ${rounds} rounds × 2 apps, ${durationSec} s each, ${connections} connections`);
    const results: BenchResult[] = [];
    for (const figure of figures) {
      const name = `${prefix}${figureName(figure)}`;
      const run = { path: figure.path, headers: requestHeaders(figure, recording), expected: figure.conditional ? 304 : 200, connections };
      if (warmupSec > 0) {
        await measure(apps.service, `${name} (service, warm-up)`, { ...run, durationSec: warmupSec });
        await measure(apps.minimal, `${name} (minimal app, warm-up)`, { ...run, durationSec: warmupSec });
      }
      const pairs: RoundPair[] = [];
      let fewest = Infinity;
      for (let round = 0; round < rounds; round++) {
        // Alternating which app goes first evens out drift (thermal, other load) between the two.
        const pair: Partial<RoundPair> = {};
        for (const which of round % 2 === 0 ? (['service', 'minimal'] as const) : (['minimal', 'service'] as const)) {
          const label = `${name} (${which === 'service' ? 'service' : 'minimal app'}, round ${round + 1})`;
          const { rps, responses } = await measure(apps[which], label, { ...run, durationSec });
          fewest = Math.min(fewest, responses);
          if (which === 'service') pair.value = rps;
          else if (responses === 0) throw new Error(`${label}: no response in ${durationSec} s`);
          else pair.baseline = rps;
        }
        pairs.push(pair as RoundPair);
      }
      const result = summarizeRounds(name, 'requests/s', pairs);
      // Under one response per connection, the run's edges (filling the connections, dropping those in
      // flight at the end) weigh on the rate: the figure says "this slow", not how slow exactly.
      const note = fewest < connections ? ` (a run had only ${fewest} responses: rough)` : '';
      progress(`  ${name}: ${result.ratio.toFixed(3)}× (${result.min.toFixed(3)}–${result.max.toFixed(3)})${note}`);
      results.push(result);
    }
    progress(`serving: done in ${Math.round((performance.now() - started) / 1000)} s`);
    return results;
  } catch (error) {
    progress(`serving: failed; the end of the service's log:\n${logTail(service.logFile)}`);
    throw error;
  } finally {
    await minimal?.stop();
    await service.stop();
  }
}

/** Records every URL under test from the service, and checks it answers as each figure expects. */
async function recordFigures(baseUrl: string, figures: readonly Figure[]): Promise<Recording> {
  const recording: Recording = {};
  for (const figure of figures) {
    recording[figure.path] ??= await recordPath(baseUrl, figure.path, partnerHeaders(figure));
    const variant = recording[figure.path]![figure.encoding];
    if (variant.status !== 200) throw new Error(`${figureName(figure)}: the service answered ${variant.status}, not 200:\n${Buffer.from(variant.body, 'base64').toString().slice(0, 500)}`);
    if (figure.conditional && !variant.notModified) throw new Error(`${figureName(figure)}: the service does not answer 304 to its own etag`);
  }
  return recording;
}

/** The baseline must answer each figure's request as the service did: same status, headers and bytes. */
async function checkReplay(baseUrl: string, recording: Recording, figures: readonly Figure[]): Promise<void> {
  const headerList = (h: Record<string, string>) => JSON.stringify(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));
  for (const figure of figures) {
    const variant = recording[figure.path]![figure.encoding];
    const expected = figure.conditional ? { status: 304, headers: variant.notModified!, body: '' } : variant;
    const res = await getRaw(`${baseUrl}${figure.path}`, requestHeaders(figure, recording));
    if (res.status !== expected.status || res.body.toString('base64') !== expected.body || headerList(res.headers) !== headerList(expected.headers)) {
      throw new Error(
        `${figureName(figure)}: the minimal app answers ${res.status} with ${res.body.length} bytes and ${headerList(res.headers)}, ` +
          `the service ${expected.status} with ${Buffer.from(expected.body, 'base64').length} bytes and ${headerList(expected.headers)}`,
      );
    }
  }
}

function requestHeaders(figure: Figure, recording: Recording): Record<string, string> {
  const headers = { ...ACCEPT[figure.encoding], ...partnerHeaders(figure) };
  if (!figure.conditional) return headers;
  const validator = recording[figure.path]![figure.encoding].headers[VALIDATORS[figure.conditional]];
  if (!validator) throw new Error(`${figureName(figure)}: the service sent no ${VALIDATORS[figure.conditional]}`);
  return { ...headers, [figure.conditional]: validator };
}

interface Run {
  path: string;
  headers: Record<string, string>;
  expected: number;
  connections: number;
  durationSec: number;
}

/**
 * Completed requests per second over one autocannon run (requests still in flight at its end are not
 * counted). Throws when any request failed or got another status than expected: a rate of wrong answers
 * measures nothing. Afterwards it waits until the app has worked off requests still queued when the load
 * stopped, so they do not slow the next run.
 */
async function measure(app: RunningProcess, label: string, run: Run): Promise<{ rps: number; responses: number }> {
  const result = await autocannon({ url: `${app.baseUrl}${run.path}`, connections: run.connections, duration: run.durationSec, sampleInt: 100, headers: run.headers });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
  const unexpected = Object.keys(statuses).filter((status) => Number(status) !== run.expected);
  if (result.errors > 0 || unexpected.length > 0) {
    throw new Error(
      `${label}: ${result.requests.total} responses by status ${JSON.stringify(statuses)} (expected only ${run.expected}), ` +
        `${result.errors} errors (${result.timeouts} timeouts), ${result['5xx']} answered 5xx`,
    );
  }
  await settle(app);
  return { rps: result.requests.total / result.duration, responses: result.requests.total };
}

/** One request to `/` is answered only after the requests queued before it. */
async function settle(app: RunningProcess): Promise<void> {
  await getRaw(`${app.baseUrl}/`, {}, 60_000);
}

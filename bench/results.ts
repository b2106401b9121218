import { writeFileSync } from 'node:fs';

/** One benchmark figure: a measurement against a baseline measured in the same run, on the same machine. */
export interface BenchResult {
  name: string;
  /** The measurement (median over rounds), in `unit`. */
  value: number;
  unit: string;
  /** What `value` is compared with (median over rounds), in `unit`. */
  baseline: number;
  /** Median of the per-round value/baseline ratios: above 1 is faster than the baseline. */
  ratio: number;
  /** Lowest and highest per-round ratio (both equal `ratio` for a single measurement). */
  min: number;
  max: number;
}

/** One round of a figure: the measurement and its baseline, taken back to back. */
export interface RoundPair {
  value: number;
  baseline: number;
}

export const RESULTS_FILE = new URL('./results.json', import.meta.url).pathname;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Folds rounds into one figure: median ratio with its min–max, and the median of each side. */
export function summarizeRounds(name: string, unit: string, rounds: readonly RoundPair[]): BenchResult {
  if (rounds.length === 0) throw new Error(`${name}: no rounds measured`);
  const ratios = rounds.map((r) => r.value / r.baseline);
  return {
    name,
    value: median(rounds.map((r) => r.value)),
    unit,
    baseline: median(rounds.map((r) => r.baseline)),
    ratio: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
  };
}

/** Writes the figures as a JSON array (bench/results.json by default). */
export function writeResults(results: readonly BenchResult[], file = RESULTS_FILE): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** Three significant digits, trailing zeros kept, so a column of ratios reads evenly. */
const ratioText = (r: number) => `${r >= 100 ? r.toLocaleString('en', { maximumFractionDigits: 0 }) : r.toPrecision(3)}×`;
const amountText = (n: number) => n.toLocaleString('en', { maximumFractionDigits: n < 100 ? 1 : 0 });

/** Prints one line per figure: median ratio, min–max over rounds, and the absolute numbers for context. */
export function printResults(results: readonly BenchResult[], out: NodeJS.WritableStream = process.stdout): void {
  const rows = [
    ['figure', 'ratio', 'min–max', 'value vs baseline'],
    ...results.map((r) => [
      r.name,
      ratioText(r.ratio),
      r.min === r.max ? '' : `${ratioText(r.min).slice(0, -1)}–${ratioText(r.max)}`,
      `${amountText(r.value)} vs ${amountText(r.baseline)} ${r.unit}`,
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [name, ratio, range, detail] of rows) {
    out.write(`${name!.padEnd(widths[0]!)}  ${ratio!.padStart(widths[1]!)}  ${range!.padEnd(widths[2]!)}  ${detail}\n`);
  }
}

/** What a build reports as it goes: a single updating line on a terminal, plain lines otherwise. */
export interface Progress {
  /** `count` pages of `language` are done so far. */
  pages(language: string, count: number): void;
  /** Every page of `language` is done. */
  language(language: string, count: number): void;
  /** Clears the updating line, if any, before the summary. */
  end(): void;
}

const INTERVAL_MS = 100;

export function createProgress(out: NodeJS.WriteStream = process.stdout): Progress {
  if (!out.isTTY) {
    return {
      pages: () => {},
      language: (language, count) => void out.write(`${language}: ${formatPages(count)}\n`),
      end: () => {},
    };
  }
  let last = 0;
  let showing = false;
  // `\r` back to the start of the line, `ESC [K` clears what an earlier, longer line left behind.
  const show = (text: string) => {
    out.write(`\r${text}\x1b[K`);
    showing = text !== '';
  };
  return {
    pages: (language, count) => {
      const now = performance.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      show(`  ${language} ${formatPages(count)}`);
    },
    language: (language, count) => show(`  ${language} ${formatPages(count)}`),
    end: () => {
      if (showing) show('');
    },
  };
}

export interface BuildSummary {
  written: number;
  unchanged: number;
  removed: number;
  bytesWritten: number;
  ms: number;
  /** The folder as the user named it, e.g. `output/`. */
  out: string;
  baseUrl: string;
}

/** `build: 12 written, 20,011 unchanged, 1 removed, 84 KB, 3.2 s → output/ (links use https://…)` */
export function formatSummary(s: BuildSummary): string {
  return `build: ${formatCount(s.written)} written, ${formatCount(s.unchanged)} unchanged, ${formatCount(s.removed)} removed, ${formatBytes(s.bytesWritten)}, ${(s.ms / 1000).toFixed(1)} s → ${s.out} (links use ${s.baseUrl})`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** Binary units, as file managers show them: 1 KB = 1,024 bytes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function formatPages(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'page' : 'pages'}`;
}

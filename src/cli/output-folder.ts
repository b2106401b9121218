import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { CliError } from './errors.js';

/** What a build wrote, kept in the folder it wrote to: relative path → sha256 (hex) of the bytes. */
export const RECORD_FILE = '.rojname-build.json';
/** Changed files are staged here (inside the folder, so a rename moves them into place). */
const STAGING_PREFIX = '.build-';
/** Files that may sit in a folder that was never built into (an empty folder kept in git). */
const PLACEHOLDERS = new Set(['.gitkeep']);

export interface OutputFolderOptions {
  /** Build into a folder holding files no build wrote, overwriting those at paths the build writes. */
  force: boolean;
}

export interface CommitResult {
  written: number;
  unchanged: number;
  removed: number;
  bytesWritten: number;
  /** Files an earlier build wrote and this one does not, left in place because their bytes changed since. */
  kept: string[];
  /** Files no build wrote, at paths this one writes, overwritten under --force. */
  overwritten: string[];
}

type Kind = 'file' | 'dir' | 'other';

/**
 * The folder a static build writes to. It never deletes what it did not write: a record of every
 * file it wrote (with its hash) is kept beside them, and only files in that record that a new build
 * no longer writes are removed. Files whose bytes did not change are not written again. Changed
 * files go to a staging folder first and are moved into place only at `commit`, after everything
 * rendered; the record is replaced last, atomically.
 */
export class OutputFolder {
  readonly #dir: string;
  readonly #force: boolean;
  /** The previous build's record (empty when there is none). */
  readonly #record: Map<string, string>;
  /** What is in the folder now, by relative path (POSIX separators), the record and staging left out. */
  readonly #existing: Map<string, Kind>;
  /** This build's files → hash. */
  readonly #files = new Map<string, string>();
  /** Files to move into place, in the order they were put. */
  readonly #changed: string[] = [];
  readonly #overwritten: string[] = [];
  readonly #stagedDirs = new Set<string>();
  #staging: string | undefined;
  #bytesWritten = 0;
  /** The record file as it is on disk, to leave it alone when a build changes nothing. */
  #recordText: string | undefined;

  /** Reads `dir` (created when the first file is staged), or refuses it: exit 1 naming what is in the way. */
  constructor(dir: string, options: OutputFolderOptions) {
    this.#dir = dir;
    this.#force = options.force;
    let kind: Kind | undefined;
    try {
      kind = kindOf(statSync(dir));
    } catch {
      kind = undefined;
    }
    if (kind && kind !== 'dir') throw new CliError(`--out ${this.#show('').slice(0, -1)}: is a file, not a folder`);
    this.#existing = kind ? scan(dir) : new Map();
    const record = this.#readRecord();
    this.#record = record ?? new Map();
    if (!record && !this.#force) {
      const foreign = [...this.#existing].filter(([path, k]) => k !== 'dir' && !PLACEHOLDERS.has(posix.basename(path))).map(([path]) => path);
      if (foreign.length > 0) {
        const more = foreign.length > 1 ? ` and ${foreign.length - 1} more` : '';
        throw new CliError(
          `--out ${this.#show('')}: holds files rojname build did not write (${foreign.sort()[0]}${more}) and no build record (${RECORD_FILE}); ` +
            'build into an empty folder, or pass --force to build there anyway (files it did not write are kept)',
          1,
        );
      }
    }
  }

  /**
   * One file of the build. Unchanged bytes (by the record's hash, or under --force by reading the
   * file) are left alone; changed ones are staged. A file no build wrote at this path is refused
   * (exit 1) unless --force.
   */
  put(path: string, bytes: Buffer | string): void {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    if (this.#files.has(path)) throw new Error(`build: ${path} was written twice`);
    const hash = sha256(data);
    this.#files.set(path, hash);
    this.#checkFolders(path);
    const there = this.#existing.get(path);
    if (there === 'dir') throw new CliError(`${this.#show(path)}: is a folder, but the build writes a file there; move it away`, 1);
    if (there !== undefined) {
      const recorded = this.#record.get(path);
      if (recorded === undefined) {
        if (!this.#force) {
          throw new CliError(
            `${this.#show(path)}: a file rojname build did not write is where the build writes one; move it away, or pass --force to overwrite it`,
            1,
          );
        }
        if (there === 'file' && readFileSync(join(this.#dir, path)).equals(data)) return;
        this.#overwritten.push(path);
      } else if (recorded === hash && there === 'file' && statSync(join(this.#dir, path)).size === data.length) {
        return;
      }
    }
    this.#stage(path, data);
  }

  /**
   * Moves the changed files into place (a rename each: a reader sees the old file or the new one),
   * removes what the previous build wrote and this one did not, and writes the record last.
   */
  commit(): CommitResult {
    const staging = this.#changed.length > 0 ? this.#stagingDir() : undefined;
    // Should the moves be cut short, every path this build may have written is in the record, so
    // the next build knows the files as its own instead of refusing them. Paths the previous build
    // wrote keep their previous hash until the final record: a file not moved yet is rewritten.
    if (staging) this.#writeRecord(new Map([...this.#files, ...this.#record]));
    const made = new Set<string>();
    for (const path of this.#changed) {
      const parent = posix.dirname(path);
      if (parent !== '.' && !made.has(parent)) {
        mkdirSync(join(this.#dir, parent), { recursive: true });
        made.add(parent);
      }
      renameSync(join(staging!, path), join(this.#dir, path));
    }
    let removed = 0;
    const kept: string[] = [];
    for (const [path, hash] of this.#record) {
      if (this.#files.has(path) || this.#existing.get(path) !== 'file') continue;
      // Only the bytes it wrote: a file changed by hand since is no longer the build's to delete.
      const full = join(this.#dir, path);
      if (sha256(readFileSync(full)) === hash) {
        unlinkSync(full);
        removed++;
      } else {
        kept.push(path);
      }
    }
    this.#writeRecord(this.#files);
    return {
      written: this.#changed.length,
      unchanged: this.#files.size - this.#changed.length,
      removed,
      bytesWritten: this.#bytesWritten,
      kept,
      overwritten: [...this.#overwritten],
    };
  }

  /** Drops the staging folder (after a commit, or when the build failed: then nothing was moved). */
  discard(): void {
    if (this.#staging) rmSync(this.#staging, { recursive: true, force: true });
    this.#staging = undefined;
  }

  #stage(path: string, data: Buffer): void {
    const staging = this.#stagingDir();
    const parent = posix.dirname(path);
    if (parent !== '.' && !this.#stagedDirs.has(parent)) {
      mkdirSync(join(staging, parent), { recursive: true });
      this.#stagedDirs.add(parent);
    }
    writeFileSync(join(staging, path), data);
    this.#changed.push(path);
    this.#bytesWritten += data.length;
  }

  #stagingDir(): string {
    if (this.#staging === undefined) {
      mkdirSync(this.#dir, { recursive: true });
      this.#staging = mkdtempSync(join(this.#dir, STAGING_PREFIX));
    }
    return this.#staging;
  }

  /** Every folder on the way to `path` must be a folder (or not there yet). */
  #checkFolders(path: string): void {
    for (let parent = posix.dirname(path); parent !== '.'; parent = posix.dirname(parent)) {
      const kind = this.#existing.get(parent);
      if (kind === undefined) continue;
      if (kind !== 'dir') throw new CliError(`${this.#show(parent)}: is a file, but the build writes a folder there (for ${path}); move it away`, 1);
      break;
    }
  }

  /** The previous build's record; undefined when there is none (or, under --force, a broken one). */
  #readRecord(): Map<string, string> | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.#dir, RECORD_FILE), 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new CliError(`${this.#show(RECORD_FILE)}: cannot be read (${(error as Error).message.split(',')[0]})`, 1);
    }
    this.#recordText = text;
    const record = parseRecord(text);
    if (typeof record === 'string') {
      if (this.#force) return undefined;
      throw new CliError(`${this.#show(RECORD_FILE)}: is not a record rojname build wrote (${record}); remove it, or pass --force to build anyway`, 1);
    }
    return record;
  }

  /** Sorted by path, one file a line, and nothing else (no time): the same build writes the same record. */
  #writeRecord(files: ReadonlyMap<string, string>): void {
    const sorted = Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const text = `${JSON.stringify({ generator: 'rojname build', version: 1, files: sorted }, null, 2)}\n`;
    if (text === this.#recordText) return;
    this.#recordText = text;
    const temp = join(this.#stagingDir(), RECORD_FILE);
    writeFileSync(temp, text);
    renameSync(temp, join(this.#dir, RECORD_FILE));
  }

  /** A path as the user named the folder: `output/en/rss.xml` (absolute when outside the working folder). */
  #show(path: string): string {
    const base = relative(process.cwd(), this.#dir) || '.';
    const shown = base.startsWith('..') ? this.#dir : base;
    return path ? join(shown, path) : `${shown}/`;
  }
}

/** The record, or why it is not one. Paths must stay inside the folder: a record never names `..`. */
function parseRecord(text: string): Map<string, string> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const files = (value as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return 'no "files" object';
  const record = new Map<string, string>();
  for (const [path, hash] of Object.entries(files)) {
    if (!isInsidePath(path)) return `"${path}" is not a path inside the folder`;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return `the hash of "${path}" is not a sha256`;
    record.set(path, hash);
  }
  return record;
}

function isInsidePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  const segments = path.split('/');
  if (segments[0] === RECORD_FILE || segments[0]!.startsWith(STAGING_PREFIX)) return false;
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Every entry under `dir` (not following symbolic links), but the record and staging folders. */
function scan(dir: string, sub = '', found = new Map<string, Kind>()): Map<string, Kind> {
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    if (!sub && (entry.name === RECORD_FILE || entry.name.startsWith(STAGING_PREFIX))) continue;
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    const kind: Kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
    found.set(path, kind);
    if (kind === 'dir') scan(dir, path, found);
  }
  return found;
}

function kindOf(stats: Stats): Kind {
  return stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

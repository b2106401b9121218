import { write, writeSync } from 'node:fs';

/** One structured log record: a message and its fields. Never headers or bodies, so never a secret. */
export interface LogRecord {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export type Log = (record: LogRecord) => void;

/** pino's level numbers, so the lines read like pino's (pino-pretty and other pino tools read them). */
const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/** Lines held while the output does not keep up; past this, new lines are counted and dropped. */
const MAX_PENDING = 100_000;
/** Lines are written together: when this many bytes are held, or after `FLUSH_MS`, whichever comes first. */
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 50;

/**
 * The service's log: one JSON line per record on a file descriptor (standard output), in pino's
 * line format (`{"level":30,"time":<epoch ms>,…,"msg":"request"}`). A record costs one string built
 * by `jsonLine` and an array push; lines go out together, at most every `FLUSH_MS` (or each
 * `FLUSH_BYTES`), in one asynchronous write (libuv's thread pool), so no request waits for a
 * terminal, a pipe or a disk, and a busy service makes a few dozen writes a second, not one per
 * turn of the event loop. As pino's asynchronous mode (sonic-boom's `minLength`) does: what is held
 * is written at exit (`flush`). A general logger (pino) costs several times more per line on the
 * request path, and its writer re-measures its whole buffer on every line under load.
 */
export function createJsonLog(fd = 1): { log: Log; flush(): void } {
  let pending: string[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing = false;

  const drain = () => {
    clearTimeout(timer);
    timer = undefined;
    if (writing || pending.length === 0) return;
    writing = true;
    const chunk = Buffer.from(pending.join(''));
    pending = [];
    pendingBytes = 0;
    const from = (offset: number) =>
      write(fd, chunk, offset, chunk.length - offset, null, (error, written) => {
        // A full pipe: try again shortly; any other error (the reader went away): the lines are lost.
        if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') return void setTimeout(() => from(offset), 10).unref();
        if (!error && offset + written < chunk.length) return from(offset + written);
        writing = false;
        if (pendingBytes >= FLUSH_BYTES) drain();
        else if (pending.length > 0) schedule();
      });
    from(0);
  };
  const schedule = () => {
    timer ??= setTimeout(drain, FLUSH_MS).unref();
  };
  const push = (line: string) => {
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes >= FLUSH_BYTES) drain();
    else schedule();
  };

  return {
    log: (record) => {
      if (pending.length >= MAX_PENDING) {
        dropped++;
        return;
      }
      if (dropped > 0) {
        push(jsonLine({ level: 'error', msg: 'log lines dropped: the output did not keep up', dropped }, Date.now()));
        dropped = 0;
      }
      push(jsonLine(record, Date.now()));
    },
    /** Writes what is still held, now (at exit). */
    flush: () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.length > 0) writeSync(fd, pending.join(''));
      pending = [];
      pendingBytes = 0;
    },
  };
}

/** `"name":` of each field name seen, JSON-escaped once. */
const keys = new Map<string, string>();

/**
 * A record as one line: exactly `JSON.stringify({ level, time, ...fields, msg })` and a newline
 * (a test holds the two to the same bytes), written field by field: records are flat, and this
 * costs about half of building the spread object and stringifying it.
 */
export function jsonLine(record: LogRecord, time: number): string {
  let out = `{"level":${LEVELS[record.level]},"time":${time}`;
  for (const name in record) {
    if (name === 'level' || name === 'msg') continue;
    const value = record[name];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    let key = keys.get(name);
    if (key === undefined) {
      key = `,${JSON.stringify(name)}:`;
      if (keys.size < 1024) keys.set(name, key);
    }
    out += key + (typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'null') : JSON.stringify(value));
  }
  return `${out},"msg":${JSON.stringify(record.msg)}}\n`;
}

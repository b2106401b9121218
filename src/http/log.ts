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

/**
 * The service's log: one JSON line per record on a file descriptor (standard output), in pino's
 * line format (`{"level":30,"time":<epoch ms>,…,"msg":"request"}`). A record costs one
 * `JSON.stringify` and an array push; the lines of one turn of the event loop go out together in
 * one asynchronous write (libuv's thread pool), so no request waits for a terminal, a pipe or a
 * disk. A general logger (pino) costs several times more per line on the request path, and its
 * writer re-measures its whole buffer on every line under load.
 */
export function createJsonLog(fd = 1): { log: Log; flush(): void } {
  let pending: string[] = [];
  let dropped = 0;
  let scheduled = false;
  let writing = false;

  const drain = () => {
    if (writing || pending.length === 0) return;
    writing = true;
    const chunk = Buffer.from(pending.join(''));
    pending = [];
    const from = (offset: number) =>
      write(fd, chunk, offset, chunk.length - offset, null, (error, written) => {
        // A full pipe: try again shortly; any other error (the reader went away): the lines are lost.
        if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') return void setTimeout(() => from(offset), 10).unref();
        if (!error && offset + written < chunk.length) return from(offset + written);
        writing = false;
        drain();
      });
    from(0);
  };

  const line = (record: LogRecord) => {
    const { level, msg, ...fields } = record;
    return `${JSON.stringify({ level: LEVELS[level], time: Date.now(), ...fields, msg })}\n`;
  };

  return {
    log: (record) => {
      if (pending.length >= MAX_PENDING) {
        dropped++;
        return;
      }
      if (dropped > 0) {
        pending.push(line({ level: 'error', msg: 'log lines dropped: the output did not keep up', dropped }));
        dropped = 0;
      }
      pending.push(line(record));
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          drain();
        });
      }
    },
    /** Writes what is still held, now (at exit). */
    flush: () => {
      if (pending.length > 0) writeSync(fd, pending.join(''));
      pending = [];
    },
  };
}

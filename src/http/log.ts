import { pino } from 'pino';

/** One structured log record: a message and its fields. Never headers or bodies, so never a secret. */
export interface LogRecord {
  level: 'info' | 'error';
  msg: string;
  [field: string]: unknown;
}

export type Log = (record: LogRecord) => void;

/**
 * The service's log: JSON lines on standard output through pino, buffered and written
 * asynchronously, so a request never waits for the terminal or the disk.
 */
export function createJsonLog(): { log: Log; flush(): void } {
  // Asynchronous writes, coalesced while one is under way; nothing waits for a buffer to fill.
  const destination = pino.destination({ dest: 1, sync: false });
  // pino's own epoch-millisecond `time`: the cheapest timestamp to write.
  const logger = pino({ base: undefined }, destination);
  return {
    log: ({ level, msg, ...fields }) => logger[level](fields, msg),
    flush: () => destination.flushSync(),
  };
}

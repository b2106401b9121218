import type { Clock } from './store.js';

export interface LiftTimerOptions {
  clock: Clock;
  /** When the next lift not yet logged is due (ms), if any. */
  next(): Promise<number | undefined> | number | undefined;
  /** Logs every lift due by `now` (the store announces them through its change seam). */
  record(now: Date): Promise<unknown>;
}

/** At most this many record-and-plan rounds per check: a clock that does not move cannot spin it. */
const MOST_ROUNDS = 8;

/**
 * Logs each embargo's lift at the instant it lifts, in every process that watches the store: a
 * timer at the next due lift, planned again whenever the store announces changes (a write here or
 * in another process may bring a sooner embargo). Every watching process races for the same lift;
 * the store logs it once (see `recordEmbargoLifts`), and the others are told of it as of any change.
 */
export class EmbargoLiftTimer {
  readonly #options: LiftTimerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #checking: Promise<void> | undefined;
  #again = false;

  constructor(options: LiftTimerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.check();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Plans the timer again (one look-up at a time; a call meanwhile plans once more after it). */
  check(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    if (this.#checking) {
      this.#again = true;
      return this.#checking;
    }
    this.#checking = (async () => {
      try {
        let rounds = 0;
        do {
          this.#again = false;
          await this.#plan();
        } while (this.#again && this.#running && ++rounds < MOST_ROUNDS);
      } catch {
        // The store is closing or unreachable: the next announced change plans again.
      } finally {
        this.#checking = undefined;
      }
    })();
    return this.#checking;
  }

  async #plan(): Promise<void> {
    const due = await this.#options.next();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (due === undefined || !this.#running) return;
    const wait = due - this.#options.clock().getTime();
    if (wait <= 0) {
      await this.#options.record(this.#options.clock());
      this.#again = true;
      return;
    }
    // setTimeout's longest wait is 2^31-1 ms (24.8 days): a later lift is planned again then.
    this.#timer = setTimeout(() => void this.check(), Math.min(wait, 2 ** 31 - 1));
    this.#timer.unref();
  }
}

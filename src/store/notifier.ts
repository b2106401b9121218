import type { Change } from './store.js';

/** Told, in change-log order, of every change committed to the store, by this process or another. */
export type ChangeListener = (changes: readonly Change[]) => void;

export interface ChangeSourceOptions {
  /** The newest change-log position when watching starts: nothing at or before it is announced. */
  headSeq: number;
  /** Changes after `afterSeq`, oldest first (the store's own `changes`). */
  read(afterSeq: number): Promise<Change[]> | Change[];
  /**
   * A cheap test of whether anyone else may have committed since the last call (SQLite's
   * `PRAGMA data_version`); without one, every fallback tick reads the change log.
   */
  probe?(): boolean;
  /** How often the fallback check runs while someone listens (ms). */
  intervalMs: number;
}

/**
 * The seam between a store and whoever renders from it (the publisher, the long-poll, pushes).
 * Changes committed by this process are announced at once, right after their commit; changes
 * committed by another process on the same store arrive through a bounded fallback check (a timer
 * that runs only while someone listens), never through a query per request. Every store uses this
 * one mechanism: PostgreSQL's LISTEN/NOTIFY only calls `poke()` sooner than the timer would.
 */
export class ChangeSource {
  readonly #options: ChangeSourceOptions;
  readonly #listeners = new Set<ChangeListener>();
  #lastSeq: number;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #again = false;

  constructor(options: ChangeSourceOptions) {
    this.#options = options;
    this.#lastSeq = options.headSeq;
  }

  /** The newest change-log position announced so far. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Calls `listener` with every batch of changes from now on; returns the way to stop. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) {
      this.#timer = setInterval(() => {
        if (!this.#options.probe || this.#options.probe()) this.poke();
      }, this.#options.intervalMs);
      this.#timer.unref();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  /**
   * Announces changes this process has just committed. `changes` must be every change after
   * `lastSeq` (the SQLite store reads them inside its write transaction, so another process's
   * earlier commit is never skipped).
   */
  announce(changes: readonly Change[]): void {
    const fresh = changes.filter((c) => c.seq > this.#lastSeq);
    if (fresh.length === 0) return;
    this.#lastSeq = fresh[fresh.length - 1]!.seq;
    for (const listener of this.#listeners) listener(fresh);
  }

  /** Reads and announces whatever was committed since `lastSeq` (one read at a time). */
  poke(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      try {
        // Reads page after page until one brings nothing new (the store's read is bounded).
        let fresh: boolean;
        do {
          this.#again = false;
          const before = this.#lastSeq;
          this.announce(await this.#options.read(before));
          fresh = this.#lastSeq !== before;
        } while (fresh || this.#again);
      } catch {
        // The store is closing or unreachable: the next tick tries again.
      } finally {
        this.#reading = undefined;
      }
    })();
    return this.#reading;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

import type { ArticleStore } from '../store/store.js';

/** At most this many long-polls wait at once per partner. */
export const WAITS_PER_PARTNER = 4;

/** One waiting long-poll's place: release it when the request is answered or gone. */
export interface WaitSlot {
  /** How many change batches the store had announced when the slot was taken, or since `changed` last returned. */
  readonly seen: number;
  /**
   * Resolves once the store announces a batch after `seen` (at once if it has already), at
   * `deadline` (ms, `Date.now()` terms), when `signal` aborts, or when the service closes.
   * True when changes were announced.
   */
  changed(deadline: number, signal: AbortSignal): Promise<boolean>;
  release(): void;
}

/**
 * The long-polls waiting on the change feed. They wake on the store's change seam (this process's
 * commits at once, other processes' within its fallback interval), which they watch only while
 * one waits; each woken request reads its partner's own view again and goes on waiting when the
 * batch held nothing it may see. At most `WAITS_PER_PARTNER` per partner wait at a time.
 */
export class ChangeWaits {
  readonly #store: Pick<ArticleStore, 'watch'>;
  readonly #perPartner: number;
  readonly #slots = new Map<string, Set<{ deadline: number }>>();
  readonly #wakers = new Set<() => void>();
  #epoch = 0;
  #waiting = 0;
  #unwatch: (() => void) | undefined;
  #closed = false;

  constructor(store: Pick<ArticleStore, 'watch'>, perPartner = WAITS_PER_PARTNER) {
    this.#store = store;
    this.#perPartner = perPartner;
  }

  /** A slot for one of `partner`'s long-polls until `deadline`, or the seconds until one frees (all taken). */
  take(partner: string, deadline: number): WaitSlot | { retryAfterSeconds: number } {
    const mine = this.#slots.get(partner) ?? new Set();
    if (mine.size >= this.#perPartner) {
      const soonest = Math.min(...[...mine].map((s) => s.deadline));
      return { retryAfterSeconds: Math.max(1, Math.ceil((soonest - Date.now()) / 1000)) };
    }
    const entry = { deadline };
    mine.add(entry);
    this.#slots.set(partner, mine);
    if (this.#waiting++ === 0 && !this.#closed) this.#unwatch = this.#store.watch(() => this.#announce());
    let seen = this.#epoch;
    let released = false;
    return {
      get seen() {
        return seen;
      },
      changed: (until, signal) =>
        new Promise<boolean>((resolve) => {
          const done = (changed: boolean) => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            this.#wakers.delete(wake);
            seen = this.#epoch;
            resolve(changed);
          };
          const wake = () => done(this.#epoch > seen);
          const onAbort = () => done(false);
          const timer = setTimeout(() => done(false), Math.max(0, until - Date.now()));
          if (this.#epoch > seen || this.#closed || signal.aborted) return done(this.#epoch > seen);
          signal.addEventListener('abort', onAbort);
          this.#wakers.add(wake);
        }),
      release: () => {
        if (released) return;
        released = true;
        mine.delete(entry);
        if (mine.size === 0) this.#slots.delete(partner);
        if (--this.#waiting === 0) {
          this.#unwatch?.();
          this.#unwatch = undefined;
        }
      },
    };
  }

  /** Answers every waiting long-poll now (the service is stopping), and every later one at once. */
  close(): void {
    this.#closed = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
    for (const wake of [...this.#wakers]) wake();
  }

  /** Told right after a write commits, before its response: the waiters look after that response has gone. */
  #announce(): void {
    setImmediate(() => {
      this.#epoch++;
      for (const wake of [...this.#wakers]) wake();
    });
  }
}

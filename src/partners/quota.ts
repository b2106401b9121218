import { randomUUID } from 'node:crypto';
import type { ArticleStore, Clock } from '../store/store.js';

/** Quotas count requests per fixed one-minute window (the policy's `w`). */
export const QUOTA_WINDOW_MS = 60_000;

/** One request's place in its partner's quota. */
export interface QuotaDecision {
  allowed: boolean;
  /** The partner's requests per minute (the policy's `q`). */
  limit: number;
  /** What is left in this window once this request is counted (`r`). */
  remaining: number;
  /** Seconds until the window ends (`t`). */
  resetSeconds: number;
}

export interface RequestQuotaOptions {
  clock: Clock;
  /** Where replicas that share a store meet; without it, each process counts alone. */
  store?: Pick<ArticleStore, 'syncRequestCounts'>;
  /** How often this process writes its counts and reads the others' (ms); default 1000. */
  syncIntervalMs?: number;
}

/** A replica that has served no partner for this long stops its sync timer until the next request. */
const IDLE_STOP_MS = 2 * QUOTA_WINDOW_MS;

/**
 * Per-partner requests per minute, counted in memory per fixed window: nothing on a request's
 * path touches the store. Replicas that share a store converge through it: every `syncIntervalMs`
 * (while partners are served) each process writes its own count per partner for the window (one
 * row per process, so writes never contend) and reads the sum of every other process's; a
 * request is allowed while this process's count plus the others' last read stays under the
 * quota. Across replicas the quota can so be exceeded by what the others served since their last
 * sync (at most about one interval's worth), never more.
 */
export class RequestQuota {
  readonly #options: RequestQuotaOptions;
  readonly #replica = randomUUID();
  /** Start (ms) of the window the counts are for. */
  #window = Number.NaN;
  readonly #local = new Map<string, number>();
  #others = new Map<string, number>();
  #unsynced = false;
  #lastActivity = 0;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;

  constructor(options: RequestQuotaOptions) {
    this.#options = options;
  }

  /** Counts one request of `partner` if its quota allows it. */
  take(partner: string, limit: number): QuotaDecision {
    const now = this.#options.clock().getTime();
    this.#roll(now);
    const resetSeconds = Math.max(1, Math.ceil((this.#window + QUOTA_WINDOW_MS - now) / 1000));
    const local = this.#local.get(partner) ?? 0;
    const used = local + (this.#others.get(partner) ?? 0);
    this.#lastActivity = Date.now();
    this.#startSync();
    // A refused request is not counted: a partner that waits for Retry-After gets its full quota.
    if (used >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    this.#local.set(partner, local + 1);
    this.#unsynced = true;
    return { allowed: true, limit, remaining: limit - used - 1, resetSeconds };
  }

  /** Writes this process's counts and reads the others' now (the timer does this every interval). */
  sync(): Promise<void> {
    const { store } = this.#options;
    if (!store) return Promise.resolve();
    if (this.#syncing) return this.#syncing;
    this.#roll(this.#options.clock().getTime());
    const window = this.#window;
    const counts = this.#unsynced ? new Map(this.#local) : new Map<string, number>();
    this.#unsynced = false;
    this.#syncing = store
      .syncRequestCounts(this.#replica, window, counts)
      .then(
        (others) => {
          if (this.#window === window) this.#others = others;
        },
        () => {
          // The store is unreachable: count on alone, and write these counts again next time.
          if (counts.size > 0) this.#unsynced = true;
        },
      )
      .finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #roll(now: number): void {
    const window = now - (now % QUOTA_WINDOW_MS);
    if (window === this.#window) return;
    this.#window = window;
    this.#local.clear();
    this.#others = new Map();
    this.#unsynced = false;
  }

  #startSync(): void {
    if (this.#timer || !this.#options.store) return;
    // The first request after a quiet spell reads the others' counts at once.
    void this.sync();
    this.#timer = setInterval(() => {
      if (Date.now() - this.#lastActivity > IDLE_STOP_MS && !this.#unsynced) return this.stop();
      void this.sync();
    }, this.#options.syncIntervalMs ?? 1000);
    this.#timer.unref();
  }
}

/** draft-ietf-httpapi-ratelimit-headers-09: the quota policy, and where this request leaves it. */
export function rateLimitHeaders(d: QuotaDecision): Record<string, string> {
  return {
    'ratelimit-policy': `"minute";q=${d.limit};w=${QUOTA_WINDOW_MS / 1000}`,
    ratelimit: `"minute";r=${d.remaining};t=${d.resetSeconds}`,
  };
}

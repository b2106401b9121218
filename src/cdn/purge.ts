import type { Log } from '../http/log.js';
import type { ArticleStore, Change } from '../store/store.js';
import { keysOfChange } from './keys.js';

/** `ROJNAME_PURGE_URL` and `ROJNAME_PURGE_TOKEN`. */
export interface PurgeSettings {
  /** Where each change's keys are POSTed as `{"keys": [...]}`. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. Never logged. */
  token?: string;
}

/** How purges are sent (tests shorten the waits). */
export interface PurgeTiming {
  /** How long keys are gathered before a POST, so a burst of changes is one request (ms); default 50. */
  gatherMs: number;
  /** The first retry's wait; each next one doubles, up to `maxRetryMs` (ms); default 1000. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** Failed POSTs of one set of keys before they are given up on (and logged); default 10 (about 4 minutes). */
  attempts: number;
  /** One POST's time limit (ms); default 10,000. */
  timeoutMs: number;
}

export const DEFAULT_PURGE_TIMING: PurgeTiming = { gatherMs: 50, firstRetryMs: 1000, maxRetryMs: 60_000, attempts: 10, timeoutMs: 10_000 };

/** Fastly's bulk purge takes up to 256 keys a request; a larger set is sent in several. */
export const KEYS_PER_REQUEST = 256;

export interface PurgerOptions {
  settings: PurgeSettings;
  store: ArticleStore;
  log: Log;
  timing?: Partial<PurgeTiming>;
}

/**
 * Tells a CDN (through `ROJNAME_PURGE_URL`, an endpoint of the operator's that calls the CDN's own
 * purge API) which surrogate keys each change made stale. It listens to the store's change seam,
 * like the publisher, so a write never waits for it: the keys are gathered for `gatherMs` and POSTed
 * in the background, one request at a time, retried with doubling waits while the receiver fails.
 *
 * Every replica purges every change it sees, its own and other replicas' alike, after its own
 * publisher has marked the outputs stale. So the last purge of a change comes after the last
 * replica knew of it: a CDN that refetched from a replica that had not heard of the change yet is
 * purged again. The price is one purge per replica per change; purges are idempotent.
 */
export class CdnPurger {
  readonly #settings: PurgeSettings;
  readonly #store: ArticleStore;
  readonly #log: Log;
  readonly #timing: PurgeTiming;
  readonly #unwatch: () => void;
  /** Keys waiting for the next POST. */
  #pending = new Set<string>();
  /** Key lookups under way (each reads the changed versions' topics and months). */
  #reading: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #sending = false;
  #failures = 0;
  #stopped = false;
  readonly #abort = new AbortController();
  /** POSTs that succeeded (for the start-up line and tests). */
  sent = 0;

  constructor(options: PurgerOptions) {
    this.#settings = options.settings;
    this.#store = options.store;
    this.#log = options.log;
    this.#timing = { ...DEFAULT_PURGE_TIMING, ...options.timing };
    this.#unwatch = this.#store.watch((changes) => this.#onChanges(changes));
  }

  /** Stops listening; a POST under way is abandoned (the CDN's own expiry, max-age, still holds). */
  stop(): void {
    this.#stopped = true;
    this.#unwatch();
    clearTimeout(this.#timer);
    this.#abort.abort();
  }

  #onChanges(changes: readonly Change[]): void {
    const previous = this.#reading;
    this.#reading = (async () => {
      await previous;
      for (const change of changes) {
        const versions = await this.#versionsOf(change);
        for (const key of keysOfChange(change, versions)) this.#pending.add(key);
      }
      this.#schedule(this.#timing.gatherMs);
    })().catch((error: unknown) => this.#log({ level: 'error', msg: 'purge keys not read', error: (error as Error).message }));
  }

  /** The version the change logged and the one before it: what the story's topic feeds and archive showed. */
  async #versionsOf(change: Change): Promise<{ subjects: { code: string }[]; published?: string; firstCreated: string }[]> {
    const numbers = change.articleVersion > 1 ? [change.articleVersion, change.articleVersion - 1] : [change.articleVersion];
    const found = await Promise.all(numbers.map((v) => this.#store.get(change.articleId, v)));
    return found.filter((a) => a !== undefined);
  }

  #schedule(ms: number): void {
    if (this.#stopped || this.#sending || this.#timer || this.#pending.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#send();
    }, ms);
    this.#timer.unref();
  }

  async #send(): Promise<void> {
    const keys = [...this.#pending].sort().slice(0, KEYS_PER_REQUEST);
    for (const key of keys) this.#pending.delete(key);
    this.#sending = true;
    let ok = false;
    try {
      ok = await this.#post(keys);
    } finally {
      this.#sending = false;
    }
    if (this.#stopped) return;
    if (ok) {
      this.sent++;
      this.#failures = 0;
      this.#schedule(0);
      return;
    }
    this.#failures++;
    if (this.#failures >= this.#timing.attempts) {
      this.#log({ level: 'error', msg: 'purge given up', keys: keys.length, attempts: this.#failures });
      this.#failures = 0;
      this.#schedule(0);
      return;
    }
    // Keys that came in meanwhile go with the retry: one request for all of them.
    for (const key of keys) this.#pending.add(key);
    this.#schedule(Math.min(this.#timing.firstRetryMs * 2 ** (this.#failures - 1), this.#timing.maxRetryMs));
  }

  async #post(keys: string[]): Promise<boolean> {
    try {
      const res = await fetch(this.#settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'rojname', ...(this.#settings.token ? { authorization: `Bearer ${this.#settings.token}` } : {}) },
        body: JSON.stringify({ keys }),
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#timing.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => {});
      if (res.ok) return true;
      this.#log({ level: 'warn', msg: 'purge refused', status: res.status, keys: keys.length, attempt: this.#failures + 1 });
    } catch (error) {
      if (this.#stopped) return false;
      this.#log({ level: 'warn', msg: 'purge failed', error: (error as Error).message, keys: keys.length, attempt: this.#failures + 1 });
    }
    return false;
  }
}

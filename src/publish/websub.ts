import type { Log } from '../http/log.js';

/** How long one publish notification may take before it counts as failed. */
const TIMEOUT_MS = 10_000;

export interface WebSubOptions {
  /** The hubs to notify (ROJNAME_WEBSUB_HUBS). */
  hubs: readonly string[];
  log: Log;
  /** First retry after this long, doubling (with jitter) up to `maxDelayMs`; default 1 s. */
  retryBaseMs?: number;
  /** Longest wait between two attempts; default 5 minutes. */
  maxDelayMs?: number;
  /** Attempts per notification before it is given up (and logged); default 8 (about 8 minutes in all). */
  maxAttempts?: number;
}

interface Pending {
  hub: string;
  url: string;
  attempt: number;
  timer?: NodeJS.Timeout;
  /** A notification is under way: another change meanwhile needs one more after it. */
  inFlight: boolean;
  again: boolean;
}

/**
 * Tells WebSub hubs (W3C WebSub §6: "the publisher notifies the hub") that feeds changed:
 * `POST hub` with `hub.mode=publish&hub.url=<feed URL>`, form-encoded, one request per hub and
 * feed URL. Changes that arrive while a notification for the same hub and URL waits are coalesced
 * into it. Failures (network, timeout, 5xx, 408, 429) are retried with exponential backoff and
 * jitter; other 4xx are logged and dropped. Nothing here is on a write's path: notifications start
 * after the feeds are published, and live in memory only (a restart forgets them; the next change
 * notifies again).
 */
export class WebSubNotifier {
  readonly #options: Required<Omit<WebSubOptions, 'log'>> & { log: Log };
  readonly #pending = new Map<string, Pending>();
  #stopped = false;

  constructor(options: WebSubOptions) {
    this.#options = { retryBaseMs: 1000, maxDelayMs: 300_000, maxAttempts: 8, ...options };
  }

  get hubs(): readonly string[] {
    return this.#options.hubs;
  }

  /** The feeds at `urls` changed: every hub hears of each, once per burst. */
  notify(urls: readonly string[]): void {
    if (this.#stopped) return;
    for (const hub of this.#options.hubs) {
      for (const url of urls) {
        const key = `${hub} ${url}`;
        const pending = this.#pending.get(key);
        if (pending) {
          // Already waiting (first send or a retry): it will carry this change too. One under way
          // may have been read by the hub before this change: send once more after it.
          if (pending.inFlight) pending.again = true;
          continue;
        }
        const entry: Pending = { hub, url, attempt: 0, inFlight: false, again: false };
        this.#pending.set(key, entry);
        this.#schedule(key, entry, 0);
      }
    }
  }

  /** Stops sending; pending notifications are dropped. */
  stop(): void {
    this.#stopped = true;
    for (const p of this.#pending.values()) clearTimeout(p.timer);
    this.#pending.clear();
  }

  #schedule(key: string, entry: Pending, delay: number): void {
    entry.timer = setTimeout(() => void this.#send(key, entry), delay);
    entry.timer.unref();
  }

  async #send(key: string, entry: Pending): Promise<void> {
    if (this.#stopped) return;
    entry.inFlight = true;
    entry.attempt += 1;
    let retry: boolean;
    let status: number | undefined;
    let wait: number | undefined;
    try {
      const res = await fetch(entry.hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': entry.url }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      retry = status >= 500 || status === 408 || status === 429;
      wait = retryAfterMs(res.headers.get('retry-after'));
    } catch {
      retry = true;
    }
    entry.inFlight = false;
    if (this.#stopped) return;
    const ok = status !== undefined && status >= 200 && status < 300;
    if (ok || !retry || entry.attempt >= this.#options.maxAttempts) {
      if (!ok) this.#options.log({ level: 'warn', msg: 'websub publish failed', hub: entry.hub, url: entry.url, status: status ?? null, attempts: entry.attempt });
      if (entry.again) {
        // A change arrived while this one was on its way: tell the hub once more.
        entry.again = false;
        entry.attempt = 0;
        this.#schedule(key, entry, 0);
      } else {
        this.#pending.delete(key);
      }
      return;
    }
    entry.again = false;
    const backoff = Math.min(this.#options.maxDelayMs, this.#options.retryBaseMs * 2 ** (entry.attempt - 1));
    // Full jitter on the upper half, so hubs that failed together are not retried together.
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    this.#schedule(key, entry, Math.min(this.#options.maxDelayMs, Math.max(jittered, wait ?? 0)));
  }
}

/** `Retry-After` as milliseconds: seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

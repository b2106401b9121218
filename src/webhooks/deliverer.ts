import { randomUUID } from 'node:crypto';
import type { Log } from '../http/log.js';
import { changeViewOf, type Partner, type PartnerWebhook } from '../partners/partner.js';
import type { ArticleStore, Clock } from '../store/store.js';
import type { ClaimedDelivery, WebhookOutcome, WebhookView } from '../store/webhook-outbox.js';
import { webhookEventFormat } from './event.js';
import { decideOutcome, RETRY_DEFAULTS, type AttemptResult, type RetryPolicy } from './retry.js';
import { webhookHeaders, webhookId } from './sign.js';

/** When attempts give up and retry. */
export interface DeliveryTiming extends RetryPolicy {
  /** An attempt without a response by then is abandoned, and retried (ms). */
  timeoutMs: number;
  /** How long a claimed attempt is leased to this process (ms): longer than an attempt can last. */
  leaseMs: number;
  /** After an error of the store, look again this much later (ms). */
  storeRetryMs: number;
}

export const DELIVERY_DEFAULTS: DeliveryTiming = { ...RETRY_DEFAULTS, timeoutMs: 10_000, leaseMs: 15_000, storeRetryMs: 1000 };

export interface WebhookDelivererOptions {
  store: Pick<ArticleStore, 'webhooks' | 'watch'>;
  /** The partners; those with a webhook get deliveries. */
  partners: readonly Partner[];
  /** Every language the service has (a partner with all of them needs no language filter). */
  languages: readonly string[];
  baseUrl: string;
  clock: Clock;
  log: Log;
  timing?: Partial<DeliveryTiming>;
  /** Jitter's source (tests may fix it). */
  random?: () => number;
}

/** One partner's deliveries: one at a time, in change-log order. */
interface Lane {
  name: string;
  webhook: PartnerWebhook;
  view: WebhookView;
  running: Promise<void> | undefined;
  /** A change was announced while the lane ran: look again before resting. */
  again: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Pushes each change a partner may see to its webhook (Standard Webhooks), at least once, per
 * partner in change-log order. The store holds every pending delivery (the change log, and the
 * partner's cursor over it), so this process keeps nothing that a crash could lose: it wakes on
 * the store's change seam (this process's writes at once, others' within the fallback interval),
 * claims the partner's next change under a lease, POSTs it, and settles the attempt. Nothing of it
 * runs on a write's path: the seam's listener only schedules a look for after the write answered.
 */
export class WebhookDeliverer {
  readonly #options: WebhookDelivererOptions;
  readonly #timing: DeliveryTiming;
  readonly #owner = randomUUID();
  readonly #lanes: Lane[];
  #stopping = new AbortController();
  #running = false;
  #unwatch: (() => void) | undefined;

  constructor(options: WebhookDelivererOptions) {
    this.#options = options;
    const timing = { ...DELIVERY_DEFAULTS, ...options.timing };
    // A lease that could end while its attempt is still under way would let a second attempt overlap it.
    this.#timing = { ...timing, leaseMs: Math.max(timing.leaseMs, timing.timeoutMs + 1000) };
    this.#lanes = options.partners.flatMap((p) =>
      p.webhook ? [{ name: p.name, webhook: p.webhook, view: changeViewOf(p, options.languages), running: undefined, again: false, timer: undefined }] : [],
    );
  }

  /** The partners that get deliveries. */
  get partners(): string[] {
    return this.#lanes.map((l) => l.name);
  }

  /**
   * Gives each partner that has none a cursor at the change log's head (its first delivery is of
   * the next change), then delivers whatever is pending and every change from now on.
   */
  async start(): Promise<void> {
    if (this.#running || this.#lanes.length === 0) return;
    await this.#options.store.webhooks.addPartners(this.partners);
    this.#running = true;
    this.#stopping = new AbortController();
    // Called right after a write commits, before its response: look after that response has gone.
    this.#unwatch = this.#options.store.watch(() => setImmediate(() => this.#kickAll()));
    this.#kickAll();
  }

  /** Stops delivering: an attempt under way is abandoned and its lease given back (the next process retries it). */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unwatch?.();
    this.#stopping.abort();
    for (const lane of this.#lanes) clearTimeout(lane.timer);
    await Promise.all(this.#lanes.map((l) => l.running));
  }

  #kickAll(): void {
    for (const lane of this.#lanes) this.#kick(lane);
  }

  #kick(lane: Lane): void {
    if (!this.#running) return;
    if (lane.running) {
      lane.again = true;
      return;
    }
    clearTimeout(lane.timer);
    lane.running = this.#drain(lane)
      .catch((error: unknown) => this.#options.log({ level: 'error', msg: 'webhook delivery failed', partner: lane.name, error: String(error) }))
      .finally(() => {
        lane.running = undefined;
        if (lane.again) this.#kick(lane);
      });
  }

  /** Delivers the lane's pending changes one after another, until none is due. */
  async #drain(lane: Lane): Promise<void> {
    const { store, clock, log } = this.#options;
    for (;;) {
      lane.again = false;
      if (!this.#running) return;
      const now = clock().getTime();
      let claim;
      try {
        claim = await store.webhooks.claim({ partner: lane.name, view: lane.view, owner: this.#owner, now, leaseMs: this.#timing.leaseMs });
      } catch (error) {
        if (!this.#running) return;
        log({ level: 'warn', msg: 'webhook claim failed', partner: lane.name, error: describeError(error) });
        return this.#schedule(lane, now + this.#timing.storeRetryMs);
      }
      if (claim.kind === 'idle') {
        if (lane.again) continue;
        return;
      }
      if (claim.kind === 'busy') return this.#schedule(lane, claim.until);
      const outcome = await this.#attempt(lane, claim);
      try {
        if (!(await store.webhooks.settle(claim, outcome))) {
          log({ level: 'warn', msg: 'webhook lease lost', partner: lane.name, id: webhookId(lane.name, claim.change.seq) });
        }
      } catch (error) {
        if (!this.#running) return;
        log({ level: 'warn', msg: 'webhook settle failed', partner: lane.name, error: describeError(error) });
        return this.#schedule(lane, clock().getTime() + this.#timing.storeRetryMs);
      }
      if (outcome.result === 'released') return;
    }
  }

  #schedule(lane: Lane, at: number): void {
    if (!this.#running) return;
    clearTimeout(lane.timer);
    lane.timer = setTimeout(() => this.#kick(lane), Math.max(0, at - this.#options.clock().getTime()) + 1);
    lane.timer.unref();
  }

  /** One POST of the claimed change: signed for this attempt, under the same webhook-id as every other. */
  async #attempt(lane: Lane, claim: ClaimedDelivery): Promise<WebhookOutcome> {
    const { clock, log, baseUrl } = this.#options;
    const body = webhookEventFormat.render({ baseUrl, change: claim.change });
    const id = webhookId(lane.name, claim.change.seq);
    const started = clock().getTime();
    const headers = { ...webhookHeaders(lane.webhook.secret, id, Math.floor(started / 1000), body), 'user-agent': 'rojname-webhooks' };
    const timeout = AbortSignal.timeout(this.#timing.timeoutMs);
    let result: AttemptResult;
    try {
      // Redirects are not followed: a signed body goes only where the partners file says.
      const res = await fetch(lane.webhook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any([timeout, this.#stopping.signal]) });
      result = { status: res.status, retryAfter: res.headers.get('retry-after') };
      await res.body?.cancel().catch(() => {});
    } catch (error) {
      if (this.#stopping.signal.aborted) return { result: 'released' };
      result = { error: timeout.aborted ? `no response within ${this.#timing.timeoutMs} ms` : describeError(error) };
    }
    const now = clock().getTime();
    const outcome = decideOutcome(claim, result, now, this.#timing, this.#options.random ?? Math.random);
    log({
      level: outcome.result === 'delivered' ? 'info' : 'warn',
      msg: 'webhook',
      partner: lane.name,
      id,
      result: outcome.result,
      status: 'status' in result ? result.status : null,
      ...('error' in result ? { error: result.error } : {}),
      ...(outcome.result === 'retry' ? { retryInMs: outcome.nextAttemptMs - now } : {}),
      ms: now - started,
    });
    return outcome;
  }
}

/** A network error's code (ECONNREFUSED…) rather than fetch's "fetch failed". */
function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

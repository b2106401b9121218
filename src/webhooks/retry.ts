import type { ClaimedDelivery, WebhookOutcome } from '../store/webhook-outbox.js';

/** How failed attempts are retried. */
export interface RetryPolicy {
  /** The first retry's ceiling (ms); each failure doubles it. */
  baseMs: number;
  /** The longest wait between two attempts (ms). */
  mostMs: number;
  /** A change still failing this long after its first attempt is given up on (ms). */
  giveUpAfterMs: number;
}

/** 1 s, 2 s, 4 s … up to an hour between attempts, for 24 hours. */
export const RETRY_DEFAULTS: RetryPolicy = { baseMs: 1000, mostMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 };

/** What one attempt came to: the receiver's status (and Retry-After), or no answer at all. */
export type AttemptResult = { status: number; retryAfter: string | null } | { error: string };

/**
 * 2xx: delivered. 408, 429 and 5xx: the receiver may take it later, retried. Anything else (a
 * 3xx, which is not followed, or another 4xx): the receiver refuses this delivery, and sending it
 * again would be refused again, so it is recorded and the partner's deliveries move on.
 */
export function classifyStatus(status: number): 'delivered' | 'retry' | 'refused' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/** RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date; the wait in ms, if it says one. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with jitter ("equal jitter"): after `failures` failed attempts, a wait drawn
 * from the upper half of min(most, base × 2^failures), so retries of many partners spread out
 * but none comes sooner than half its step.
 */
export function backoffMs(failures: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.mostMs, policy.baseMs * 2 ** Math.min(failures, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What a claimed attempt's result does to the partner's delivery row. */
export function decideOutcome(claim: ClaimedDelivery, result: AttemptResult, now: number, policy: RetryPolicy, random: () => number): WebhookOutcome {
  const status = 'status' in result ? result.status : null;
  const what = 'status' in result ? `HTTP ${result.status}` : result.error;
  const kind = 'status' in result ? classifyStatus(result.status) : 'retry';
  if (kind === 'delivered') return { result: 'delivered', at: now, status: status! };
  if (kind === 'refused') return { result: 'dropped', at: now, status, reason: `refused: ${what}` };
  // 429 and 503 say when to come back: that wait, not a guessed one.
  const told = 'status' in result ? retryAfterMs(result.retryAfter, now) : undefined;
  const wait = told ?? backoffMs(claim.attempts, policy, random);
  if (now + wait - claim.firstAttemptMs > policy.giveUpAfterMs) {
    return { result: 'dropped', at: now, status, reason: `retried for ${describeSpan(policy.giveUpAfterMs)}; last: ${what}` };
  }
  return { result: 'retry', at: now, status, nextAttemptMs: now + wait };
}

/** 86400000 → "24 h"; 1500 → "1.5 s". */
function describeSpan(ms: number): string {
  return ms >= 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${ms / 1000} s`;
}

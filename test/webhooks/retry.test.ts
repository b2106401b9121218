import { describe, expect, it } from 'vitest';
import type { ClaimedDelivery } from '../../src/store/webhook-outbox.js';
import { backoffMs, classifyStatus, decideOutcome, retryAfterMs, RETRY_DEFAULTS } from '../../src/webhooks/retry.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const claim = (attempts: number, firstAttemptMs = NOW): ClaimedDelivery => ({
  kind: 'claimed',
  partner: 'ap',
  owner: 'me',
  change: { seq: 5, articleId: 's', language: 'en', itemVersion: 1, articleVersion: 1, pubStatus: 'usable', kind: 'new', at: new Date(NOW).toISOString() },
  attempts,
  firstAttemptMs,
  leaseUntil: NOW + 15_000,
});

describe('webhook retries', () => {
  it.each([
    [200, 'delivered'], [204, 'delivered'], [299, 'delivered'],
    [408, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'],
    [301, 'refused'], [400, 'refused'], [401, 'refused'], [404, 'refused'], [410, 'refused'],
  ] as const)('HTTP %i is %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs(null, NOW)).toBeUndefined();
  });
  it('doubles the wait with each failure, in the upper half of each step, up to an hour', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, RETRY_DEFAULTS, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => backoffMs(n, RETRY_DEFAULTS, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, RETRY_DEFAULTS, () => 1)).toBe(3_600_000);
  });
  it('retries network errors and 5xx, honours Retry-After, drops a refusal, and gives up after 24 hours', () => {
    const random = () => 0.5;
    expect(decideOutcome(claim(0), { error: 'ECONNREFUSED' }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'retry', at: NOW, status: null, nextAttemptMs: NOW + 750 });
    expect(decideOutcome(claim(2), { status: 503, retryAfter: null }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'retry', at: NOW, status: 503, nextAttemptMs: NOW + 3000 });
    expect(decideOutcome(claim(0), { status: 429, retryAfter: '7' }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'retry', at: NOW, status: 429, nextAttemptMs: NOW + 7000 });
    expect(decideOutcome(claim(0), { status: 400, retryAfter: null }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'dropped', at: NOW, status: 400, reason: 'refused: HTTP 400' });
    expect(decideOutcome(claim(0), { status: 202, retryAfter: null }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'delivered', at: NOW, status: 202 });
    const day = 24 * 3_600_000;
    expect(decideOutcome(claim(20, NOW - day + 10_000), { status: 500, retryAfter: null }, NOW, RETRY_DEFAULTS, random)).toEqual({ result: 'dropped', at: NOW, status: 500, reason: 'retried for 24 h; last: HTTP 500' });
  });
});

import type { Change, ChangeFilter } from './store.js';

/**
 * Webhook deliveries as the stores keep them: the change log is the outbox (every change is
 * written in its own write's transaction, so a crash after the commit loses none), and each
 * partner with a webhook has one delivery row, its cursor over that log. A worker claims the
 * partner's next change in a short write transaction that leases the row to it, makes the HTTP
 * attempt with no transaction open, and settles it: the cursor moves past an acknowledged (or
 * dropped) change, a failure is scheduled again. A lease that is not settled (its process died)
 * expires, and the next claim makes the same change's attempt again: at least once, never two
 * attempts at a time, whichever process makes them.
 */
export interface WebhookOutbox {
  /** Gives each partner a delivery row at the change log's head, unless it has one already. */
  addPartners(partners: readonly string[]): Promise<void>;
  /** The partner's next change to attempt, leased to `owner`; or why there is none now. */
  claim(options: WebhookClaimOptions): Promise<WebhookClaim>;
  /** Records a claimed attempt's outcome; false when the lease was lost (another process took over). */
  settle(claim: ClaimedDelivery, outcome: WebhookOutcome): Promise<boolean>;
  /** The partner's delivery state, with the changes it may see that are not acknowledged yet. */
  state(partner: string, view: WebhookView): Promise<WebhookState | undefined>;
  /** The deliveries given up on for `partner`, oldest first. */
  dropped(partner: string): Promise<DroppedDelivery[]>;
}

/** A partner's view of the change log (its languages, its embargo visibility): `ChangeFilter` without a bound. */
export type WebhookView = Omit<ChangeFilter, 'upTo'>;

export interface WebhookClaimOptions {
  partner: string;
  view: WebhookView;
  /** The claiming worker (one per process). */
  owner: string;
  /** Milliseconds, the store's clock as the worker reads it. */
  now: number;
  /** How long the claim holds: longer than an attempt can last. */
  leaseMs: number;
}

/** A change leased for one attempt. */
export interface ClaimedDelivery {
  kind: 'claimed';
  partner: string;
  owner: string;
  change: Change;
  /** Failed attempts of this change so far. */
  attempts: number;
  /** When this change was first attempted (ms). */
  firstAttemptMs: number;
  /** The lease's end (ms): also what identifies this claim when it is settled. */
  leaseUntil: number;
}

/** `idle`: nothing to deliver; `busy`: leased elsewhere or waiting for a retry, look again at `until`. */
export type WebhookClaim = ClaimedDelivery | { kind: 'idle' } | { kind: 'busy'; until: number };

export type WebhookOutcome =
  /** A 2xx: the cursor moves past the change. */
  | { result: 'delivered'; at: number; status: number }
  /** Retried at `nextAttemptMs` (`status` null for a network error or a timeout). */
  | { result: 'retry'; at: number; status: number | null; nextAttemptMs: number }
  /** Given up on and recorded: the cursor moves past the change. */
  | { result: 'dropped'; at: number; status: number | null; reason: string }
  /** Not attempted after all (the worker is stopping): the lease is given back. */
  | { result: 'released' };

export interface WebhookState {
  /** Every change at or before this position is acknowledged or dropped. */
  cursor: number;
  /** Changes after `cursor` the partner may see (the one being attempted included). */
  pending: number;
  /** RFC 3339 of the last attempt. */
  lastAttemptAt: string | null;
  /** That attempt's HTTP status; null for a network error, a timeout, or no attempt yet. */
  lastStatus: number | null;
  /** Failed attempts since the last acknowledged delivery. */
  failures: number;
}

export interface DroppedDelivery {
  seq: number;
  status: number | null;
  reason: string;
  attempts: number;
  /** RFC 3339. */
  at: string;
}

/** One `webhook_deliveries` row, in the stores' column terms. */
export interface DeliveryRow {
  cursor: number;
  attempt_seq: number | null;
  attempts: number;
  first_attempt_ms: number | null;
  next_attempt_ms: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
  last_attempt_ms: number | null;
  last_status: number | null;
  failures: number;
}

/** When the row may not be claimed now: until its lease ends, or until its retry is due. */
export function busyUntil(row: DeliveryRow, now: number): number | undefined {
  if (row.lease_until_ms !== null && row.lease_until_ms > now) return row.lease_until_ms;
  if (row.next_attempt_ms > now) return row.next_attempt_ms;
  return undefined;
}

/** The claim of `change`: its attempt counters carry on only while they are for this change. */
export function claimOf(options: WebhookClaimOptions, row: DeliveryRow, change: Change): ClaimedDelivery {
  const same = row.attempt_seq === change.seq;
  return {
    kind: 'claimed',
    partner: options.partner,
    owner: options.owner,
    change,
    attempts: same ? row.attempts : 0,
    firstAttemptMs: same && row.first_attempt_ms !== null ? row.first_attempt_ms : options.now,
    leaseUntil: options.now + options.leaseMs,
  };
}

/** The columns a settled outcome writes (the stores' `settle` statement takes them in this order). */
export function settledColumns(claim: ClaimedDelivery, outcome: Exclude<WebhookOutcome, { result: 'released' }>) {
  const moves = outcome.result !== 'retry';
  return {
    cursor: moves ? claim.change.seq : null,
    attemptSeq: moves ? null : claim.change.seq,
    attempts: moves ? 0 : claim.attempts + 1,
    firstAttemptMs: moves ? null : claim.firstAttemptMs,
    nextAttemptMs: outcome.result === 'retry' ? outcome.nextAttemptMs : 0,
    lastAttemptMs: outcome.at,
    lastStatus: outcome.status,
    failed: outcome.result !== 'delivered',
  };
}

export function toWebhookState(row: DeliveryRow, pending: number): WebhookState {
  return {
    cursor: row.cursor,
    pending,
    lastAttemptAt: row.last_attempt_ms === null ? null : new Date(row.last_attempt_ms).toISOString(),
    lastStatus: row.last_status,
    failures: row.failures,
  };
}

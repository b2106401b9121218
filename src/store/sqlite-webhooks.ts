import type Database from 'better-sqlite3';
import { filterParams, toChange, type ChangeRow } from './versions.js';
import {
  busyUntil,
  claimOf,
  settledColumns,
  toWebhookState,
  type ClaimedDelivery,
  type DeliveryRow,
  type DroppedDelivery,
  type WebhookClaim,
  type WebhookClaimOptions,
  type WebhookOutbox,
  type WebhookOutcome,
  type WebhookState,
  type WebhookView,
} from './webhook-outbox.js';

/** A partner's view of the change log: the predicate of the SQLite store's CHANGES_FILTERED_SQL. */
const IN_VIEW = `(@langs IS NULL OR lang IN (SELECT value FROM json_each(@langs)))
   AND (@mode = 0 OR (@mode = 1 AND kind <> 'embargo-lifted')
        OR (@mode = 2 AND (pub_status <> 'usable' OR embargo_ms IS NULL OR embargo_ms <= at_ms)))`;

/**
 * The embedded store's webhook outbox (see `webhook-outbox.ts`). A claim and a settle are each one
 * BEGIN IMMEDIATE transaction (the file's one writer at a time, across processes too), so the
 * lease is taken by one process only; nothing here runs inside an editor's write.
 */
export class SqliteWebhookOutbox implements WebhookOutbox {
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepareStatements>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = prepareStatements(db);
  }

  async addPartners(partners: readonly string[]): Promise<void> {
    if (partners.length === 0) return;
    this.#db
      .transaction(() => {
        const head = this.#head();
        for (const partner of partners) this.#sql.addPartner.run(partner, head);
      })
      .immediate();
  }

  async claim(options: WebhookClaimOptions): Promise<WebhookClaim> {
    // A look without the write lock first: a partner with nothing new takes no lock.
    const first = this.#peek(options);
    if ('kind' in first) return first;
    return this.#db
      .transaction((): WebhookClaim => {
        const found = this.#peek(options);
        if ('kind' in found) return found;
        const { row, head } = found;
        const next = this.#sql.nextInView.get({ after: row.cursor, upTo: head, ...view(options.view) }) as ChangeRow | undefined;
        if (!next) {
          // Nothing it may see up to the head: those entries it never sees (views do not depend on the clock).
          this.#sql.advance.run(head, options.partner);
          return { kind: 'idle' };
        }
        const claim = claimOf(options, row, toChange(next));
        this.#sql.lease.run({ partner: options.partner, owner: options.owner, leaseUntil: claim.leaseUntil, seq: next.seq, attempts: claim.attempts, firstAttemptMs: claim.firstAttemptMs });
        return claim;
      })
      .immediate();
  }

  async settle(claim: ClaimedDelivery, outcome: WebhookOutcome): Promise<boolean> {
    const lease = { partner: claim.partner, owner: claim.owner, leaseUntil: claim.leaseUntil, seq: claim.change.seq };
    return this.#db
      .transaction(() => {
        if (outcome.result === 'released') return this.#sql.release.run(lease).changes === 1;
        const c = settledColumns(claim, outcome);
        const settled = this.#sql.settle.run({ ...lease, ...c, failed: c.failed ? 1 : 0 }).changes === 1;
        if (settled && outcome.result === 'dropped') {
          this.#sql.drop.run({ partner: claim.partner, seq: claim.change.seq, status: outcome.status, reason: outcome.reason, attempts: claim.attempts + 1, at: outcome.at });
        }
        return settled;
      })
      .immediate();
  }

  async state(partner: string, v: WebhookView): Promise<WebhookState | undefined> {
    const row = this.#sql.row.get(partner) as DeliveryRow | undefined;
    if (!row) return undefined;
    const { n } = this.#sql.pending.get({ after: row.cursor, upTo: this.#head(), ...view(v) }) as { n: number };
    return toWebhookState(row, n);
  }

  async dropped(partner: string): Promise<DroppedDelivery[]> {
    const rows = this.#sql.dropped.all(partner) as { seq: number; status: number | null; reason: string; attempts: number; at_ms: number }[];
    return rows.map((r) => ({ seq: r.seq, status: r.status, reason: r.reason, attempts: r.attempts, at: new Date(r.at_ms).toISOString() }));
  }

  #head(): number {
    return (this.#sql.head.get() as { seq: number | null }).seq ?? 0;
  }

  /** The row and the head when the partner's row may be claimed and has entries after its cursor. */
  #peek(options: WebhookClaimOptions): WebhookClaim | { row: DeliveryRow; head: number } {
    const row = this.#sql.row.get(options.partner) as DeliveryRow | undefined;
    if (!row) return { kind: 'idle' };
    const until = busyUntil(row, options.now);
    if (until !== undefined) return { kind: 'busy', until };
    const head = this.#head();
    return row.cursor >= head ? { kind: 'idle' } : { row, head };
  }
}

function view(v: WebhookView): { langs: string | null; mode: number } {
  const { langs, mode } = filterParams(v);
  return { langs, mode };
}

function prepareStatements(db: Database.Database) {
  return {
    head: db.prepare('SELECT max(seq) AS seq FROM changes'),
    row: db.prepare('SELECT * FROM webhook_deliveries WHERE partner = ?'),
    addPartner: db.prepare('INSERT INTO webhook_deliveries (partner, cursor) VALUES (?, ?) ON CONFLICT (partner) DO NOTHING'),
    nextInView: db.prepare(`SELECT * FROM changes WHERE seq > @after AND seq <= @upTo AND ${IN_VIEW} ORDER BY seq LIMIT 1`),
    pending: db.prepare(`SELECT count(*) AS n FROM changes WHERE seq > @after AND seq <= @upTo AND ${IN_VIEW}`),
    advance: db.prepare('UPDATE webhook_deliveries SET cursor = ? WHERE partner = ?'),
    lease: db.prepare(`UPDATE webhook_deliveries SET lease_owner = @owner, lease_until_ms = @leaseUntil, attempt_seq = @seq, attempts = @attempts, first_attempt_ms = @firstAttemptMs
                        WHERE partner = @partner`),
    release: db.prepare(`UPDATE webhook_deliveries SET lease_owner = NULL, lease_until_ms = NULL
                          WHERE partner = @partner AND lease_owner = @owner AND lease_until_ms = @leaseUntil AND attempt_seq = @seq`),
    settle: db.prepare(`UPDATE webhook_deliveries SET cursor = coalesce(@cursor, cursor), attempt_seq = @attemptSeq, attempts = @attempts,
                          first_attempt_ms = @firstAttemptMs, next_attempt_ms = @nextAttemptMs, lease_owner = NULL, lease_until_ms = NULL,
                          last_attempt_ms = @lastAttemptMs, last_status = @lastStatus, failures = CASE WHEN @failed THEN failures + 1 ELSE 0 END
                         WHERE partner = @partner AND lease_owner = @owner AND lease_until_ms = @leaseUntil AND attempt_seq = @seq`),
    drop: db.prepare(`INSERT OR REPLACE INTO webhook_dropped (partner, seq, status, reason, attempts, at_ms) VALUES (@partner, @seq, @status, @reason, @attempts, @at)`),
    dropped: db.prepare('SELECT seq, status, reason, attempts, at_ms FROM webhook_dropped WHERE partner = ? ORDER BY seq'),
  };
}

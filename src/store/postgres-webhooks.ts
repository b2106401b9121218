import type pg from 'pg';
import { toChange, type ChangeRow } from './versions.js';
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

/** A partner's view of the change log ($3 languages, $4 mode): the predicate of the store's changesFiltered. */
const IN_VIEW = `($3::text[] IS NULL OR lang = ANY($3::text[]))
   AND ($4::int = 0 OR ($4::int = 1 AND kind <> 'embargo-lifted')
        OR ($4::int = 2 AND (pub_status <> 'usable' OR embargo_ms IS NULL OR embargo_ms <= at_ms)))`;

const SETTLE_SET = `cursor = coalesce($5::bigint, cursor), attempt_seq = $6, attempts = $7, first_attempt_ms = $8, next_attempt_ms = $9,
  lease_owner = NULL, lease_until_ms = NULL, last_attempt_ms = $10, last_status = $11,
  failures = CASE WHEN $12::boolean THEN failures + 1 ELSE 0 END`;
const LEASE_HELD = 'partner = $1 AND lease_owner = $2 AND lease_until_ms = $3 AND attempt_seq = $4';

const SQL = {
  head: 'SELECT seq FROM change_log_head',
  row: 'SELECT * FROM webhook_deliveries WHERE partner = $1',
  // The partner's row for this claim alone: a replica claiming it at this instant is skipped, not waited for.
  lockRow: 'SELECT * FROM webhook_deliveries WHERE partner = $1 FOR UPDATE SKIP LOCKED',
  addPartners: `INSERT INTO webhook_deliveries (partner, cursor) SELECT p, (SELECT seq FROM change_log_head) FROM unnest($1::text[]) AS t(p)
                ON CONFLICT (partner) DO NOTHING`,
  nextInView: `SELECT seq, id, lang, item_version, article_version, pub_status, kind, at_ms FROM changes
                WHERE seq > $1 AND seq <= $2 AND ${IN_VIEW} ORDER BY seq LIMIT 1`,
  pending: `SELECT count(*)::int AS n FROM changes WHERE seq > $1 AND seq <= $2 AND ${IN_VIEW}`,
  advance: 'UPDATE webhook_deliveries SET cursor = $2 WHERE partner = $1',
  lease: 'UPDATE webhook_deliveries SET lease_owner = $2, lease_until_ms = $3, attempt_seq = $4, attempts = $5, first_attempt_ms = $6 WHERE partner = $1',
  release: `UPDATE webhook_deliveries SET lease_owner = NULL, lease_until_ms = NULL WHERE ${LEASE_HELD} RETURNING 1 AS ok`,
  settle: `UPDATE webhook_deliveries SET ${SETTLE_SET} WHERE ${LEASE_HELD} RETURNING 1 AS ok`,
  // One statement: the row settles and the dropped delivery is recorded together, or neither.
  settleDropped: `WITH s AS (UPDATE webhook_deliveries SET ${SETTLE_SET} WHERE ${LEASE_HELD} RETURNING partner)
                  INSERT INTO webhook_dropped (partner, seq, status, reason, attempts, at_ms) SELECT partner, $4::bigint, $11::int, $13::text, $14::int, $10::bigint FROM s
                  ON CONFLICT (partner, seq) DO UPDATE SET status = excluded.status, reason = excluded.reason, attempts = excluded.attempts, at_ms = excluded.at_ms
                  RETURNING 1 AS ok`,
  dropped: 'SELECT seq, status, reason, attempts, at_ms FROM webhook_dropped WHERE partner = $1 ORDER BY seq',
} as const;

type Queryable = pg.Pool | pg.PoolClient;

async function run<R extends pg.QueryResultRow>(db: Queryable, statement: keyof typeof SQL, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>({ name: `rojname.webhooks.${statement}`, text: SQL[statement], values })).rows;
}

/**
 * The PostgreSQL store's webhook outbox (see `webhook-outbox.ts`), shared by every replica: a
 * claim locks the partner's row with FOR UPDATE SKIP LOCKED for a short transaction that leases
 * it; the HTTP attempt is made with no transaction open (a row lock held through it would keep a
 * pooled connection for up to the attempt's timeout), and the lease keeps every other replica off
 * until the attempt is settled or the lease runs out.
 */
export class PostgresWebhookOutbox implements WebhookOutbox {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async addPartners(partners: readonly string[]): Promise<void> {
    if (partners.length > 0) await run(this.#pool, 'addPartners', [[...partners]]);
  }

  async claim(options: WebhookClaimOptions): Promise<WebhookClaim> {
    // A look without a transaction first: a partner with nothing new takes no lock and no connection of its own.
    const first = await this.#peek(this.#pool, options, 'row');
    if ('kind' in first) return first;
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const found = await this.#peek(client, options, 'lockRow');
      let claim: WebhookClaim;
      if ('kind' in found) claim = found;
      else {
        const { row, head } = found;
        const next = (await run<ChangeRow>(client, 'nextInView', [row.cursor, head, options.view.languages ?? null, mode(options.view)]))[0];
        if (!next) {
          await run(client, 'advance', [options.partner, head]);
          claim = { kind: 'idle' };
        } else {
          claim = claimOf(options, row, toChange(next));
          await run(client, 'lease', [options.partner, options.owner, claim.leaseUntil, next.seq, claim.attempts, claim.firstAttemptMs]);
        }
      }
      await client.query('COMMIT');
      return claim;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async settle(claim: ClaimedDelivery, outcome: WebhookOutcome): Promise<boolean> {
    const lease = [claim.partner, claim.owner, claim.leaseUntil, claim.change.seq];
    if (outcome.result === 'released') return (await run(this.#pool, 'release', lease)).length === 1;
    const c = settledColumns(claim, outcome);
    const values = [...lease, c.cursor, c.attemptSeq, c.attempts, c.firstAttemptMs, c.nextAttemptMs, c.lastAttemptMs, c.lastStatus, c.failed];
    if (outcome.result === 'dropped') return (await run(this.#pool, 'settleDropped', [...values, outcome.reason, claim.attempts + 1])).length === 1;
    return (await run(this.#pool, 'settle', values)).length === 1;
  }

  async state(partner: string, view: WebhookView): Promise<WebhookState | undefined> {
    const row = (await run<DeliveryRow>(this.#pool, 'row', [partner]))[0];
    if (!row) return undefined;
    const head = (await run<{ seq: number }>(this.#pool, 'head'))[0]!.seq;
    const n = (await run<{ n: number }>(this.#pool, 'pending', [row.cursor, head, view.languages ?? null, mode(view)]))[0]!.n;
    return toWebhookState(row, n);
  }

  async dropped(partner: string): Promise<DroppedDelivery[]> {
    const rows = await run<{ seq: number; status: number | null; reason: string; attempts: number; at_ms: number }>(this.#pool, 'dropped', [partner]);
    return rows.map((r) => ({ seq: r.seq, status: r.status, reason: r.reason, attempts: r.attempts, at: new Date(r.at_ms).toISOString() }));
  }

  /** The row and the head when the partner's row may be claimed and has entries after its cursor. */
  async #peek(db: Queryable, options: WebhookClaimOptions, read: 'row' | 'lockRow'): Promise<WebhookClaim | { row: DeliveryRow; head: number }> {
    const row = (await run<DeliveryRow>(db, read, [options.partner]))[0];
    // Locked: another replica is claiming it at this instant; look again shortly.
    if (!row) return read === 'lockRow' ? { kind: 'busy', until: options.now + 200 } : { kind: 'idle' };
    const until = busyUntil(row, options.now);
    if (until !== undefined) return { kind: 'busy', until };
    const head = (await run<{ seq: number }>(db, 'head'))[0]!.seq;
    return row.cursor >= head ? { kind: 'idle' } : { row, head };
  }
}

/** The embargo mode of a view (see `filterParams`). */
function mode(view: WebhookView): number {
  return view.embargoed === undefined ? 0 : view.embargoed ? 1 : 2;
}

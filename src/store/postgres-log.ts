import type pg from 'pg';
import type { LanguageWrite } from './versions.js';

/**
 * The PostgreSQL change log, and why partners can follow it without ever missing a change.
 *
 * Partners (and every replica's publisher) read "the changes after position N". With positions
 * from a sequence that is not safe: `nextval` is taken when a transaction inserts, not when it
 * commits, so transaction A may take 10, transaction B 11, and B commit first. A reader then sees
 * 11, moves its cursor past it, and never sees 10 when A commits a moment later. That happens on a
 * single server already and more easily with several replicas writing.
 *
 * So positions are handed out under a lock: every write transaction first locks the one row of
 * `change_log_head` (`SELECT … FOR UPDATE`), takes the positions after it, and moves it before it
 * commits. The next writer waits for that lock, which is released only at commit, so positions
 * are taken in commit order and a reader that sees position N sees every position before it. The
 * log also has no gaps (a rolled-back write gives its positions back). This is what SQLite does
 * with its single writer (`BEGIN IMMEDIATE`): writers, on every replica, take turns.
 *
 * The price is throughput: one write transaction at a time for the whole store. A write holds the
 * lock for its own duration (the article check, a few statements, the commit's WAL flush: a few
 * milliseconds, more for a megabyte body), which allows some hundreds of writes a second; a
 * newsroom makes a few a minute. Reads never take the lock and never wait for it.
 */

/** Delivered at commit to every `LISTEN`ing connection, with the new head position as payload. */
export const CHANGES_CHANNEL = 'rojname_changes';

/** This transaction's turn at the change log: the head it found, and the positions it took since. */
export interface ChangeLogTurn {
  /** The newest position when the lock was taken. */
  readonly head: number;
  /** The newest position this transaction has appended (== head until it appends). */
  last: number;
}

/**
 * Takes the change log's head row lock for the rest of the transaction (waiting for the writer
 * that holds it to commit or roll back). Call it first in every write transaction: everything read
 * after it (the newest `versionCreated`, the story's current version) is as of the previous commit.
 */
export async function takeChangeLogTurn(client: pg.ClientBase): Promise<ChangeLogTurn> {
  const { rows } = await client.query<{ seq: number | string }>({ name: 'rojname.log.lock', text: 'SELECT seq FROM change_log_head FOR UPDATE' });
  // A number on the store's connections, the int8 text on any other's.
  const head = rows[0] === undefined ? undefined : Number(rows[0].seq);
  if (head === undefined) throw new Error('change_log_head has no row: the schema is damaged (run `rojname migrate` on a fresh database)');
  return { head, last: head };
}

/** Appends one change at the next position of this transaction's turn; returns that position. */
export async function appendChange(client: pg.ClientBase, turn: ChangeLogTurn, w: Pick<LanguageWrite, 'id' | 'lang' | 'itemVersion' | 'articleVersion' | 'status' | 'kind' | 'at' | 'embargo'>): Promise<number> {
  const seq = turn.last + 1;
  await client.query({
    name: 'rojname.log.append',
    text: 'INSERT INTO changes (seq, id, lang, item_version, article_version, pub_status, kind, at_ms, embargo_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    values: [seq, w.id, w.lang, w.itemVersion, w.articleVersion, w.status, w.kind, w.at, w.embargo],
  });
  turn.last = seq;
  return seq;
}

/**
 * Moves the head to the last position appended and queues the notification (PostgreSQL delivers
 * it when, and only if, the transaction commits). Nothing to do for a turn that appended nothing.
 */
export async function endChangeLogTurn(client: pg.ClientBase, turn: ChangeLogTurn): Promise<void> {
  if (turn.last === turn.head) return;
  await client.query({ name: 'rojname.log.head', text: 'UPDATE change_log_head SET seq = $1', values: [turn.last] });
  await client.query({ name: 'rojname.log.notify', text: 'SELECT pg_notify($1, $2)', values: [CHANGES_CHANNEL, String(turn.last)] });
}

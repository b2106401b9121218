import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describeDatabaseUrl, readConfig } from '../config.js';
import { StoreConnectionError } from '../store/errors.js';
import { checkPostgresSchema, migrateSqlite, POSTGRES_SCHEMA_VERSION, SQLITE_SCHEMA_VERSION } from '../store/migrate.js';
import { CHANGES_CHANNEL } from '../store/postgres-log.js';
import { SQLITE_PRAGMAS } from '../store/sqlite.js';
import { CliError } from './errors.js';
import { formatCount } from './progress.js';

/**
 * `rojname copy --to postgres://…`: the embedded store named by ROJNAME_DB, copied into a migrated,
 * empty PostgreSQL database, table by table and row by row. Both stores have the same tables and
 * columns (the PostgreSQL migrations are the SQLite ones in PostgreSQL terms), so every table the
 * SQLite file has is copied, whatever the migrations added: every version, the change log with its
 * positions (a partner's cursor means the same change after the copy), language versions, the
 * topic index, the editors' desk rows, pictures, embargo lifts still due, webhook cursors and
 * leases, partner request counts. A column PostgreSQL lacks stops the copy before anything is written.
 *
 * One PostgreSQL transaction, which first takes the change log's write turn (the head row lock
 * every writer takes, src/store/postgres-log.ts): a replica that is already serving the target
 * waits, and sees the whole copy or nothing. The SQLite file is read in one read transaction: a
 * snapshot, even while `serve` writes to it (its later writes are not copied: stop writers first).
 */

/** Tables PostgreSQL has and SQLite does not: its own bookkeeping, written here or by `migrate`. */
const POSTGRES_ONLY = new Set(['change_log_head', 'schema_migrations']);

/** Rows per INSERT, and about how many bytes (documents and pictures are large). */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;
/** PostgreSQL's limit on the parameters of one statement. */
const MAX_PARAMS = 65_535;

interface TablePlan {
  name: string;
  columns: string[];
  /** PostgreSQL's type of each column (`udt_name`), for a cast in the INSERT. */
  types: string[];
  /** The SQLite primary key (or rowid) order the rows are read in. */
  orderBy: string;
  rows: number;
}

export async function runCopy(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { to: { type: 'string' } } });
  const to = values.to;
  if (!to) throw new CliError('--to postgres://user@host:5432/db is required: the PostgreSQL database to copy into');
  if (!/^postgres(ql)?:\/\/\S+$/.test(to)) throw new CliError('--to must be a postgres:// URL, e.g. postgres://rojname@127.0.0.1:5432/rojname');
  const target = `--to "${describeDatabaseUrl(to)}"`;
  const { dbPath } = readConfig();
  const source = `ROJNAME_DB "${dbPath}"`;
  if (dbPath === ':memory:') throw new CliError(`${source}: an in-memory store has nothing to copy; name the store file`);
  if (!existsSync(dbPath) || !statSync(dbPath).isFile()) throw new CliError(`${source}: no such store file`);
  const say = (line: string) => process.stderr.write(`copy: ${line}\n`);

  const sqlite = openSource(dbPath, source);
  const client = new pg.Client({ connectionString: to, application_name: 'rojname-copy' });
  client.on('error', () => {});
  try {
    try {
      await client.connect();
      await checkPostgresSchema(client);
    } catch (error) {
      throw explainTargetError(error, target);
    }
    say(`from SQLite ${dbPath} (schema ${SQLITE_SCHEMA_VERSION}) to PostgreSQL ${describeDatabaseUrl(to)} (schema ${POSTGRES_SCHEMA_VERSION})`);
    // One snapshot of the file for every table (WAL: a writer may go on meanwhile).
    sqlite.exec('BEGIN');
    try {
      const plans = await planTables(sqlite, client, target);
      await client.query('BEGIN');
      try {
        // The write turn first: no writer on the target can come between the check and the copy.
        const head = await client.query<{ seq: string }>('SELECT seq FROM change_log_head FOR UPDATE');
        await refuseNonEmpty(client, plans, Number(head.rows[0]?.seq ?? 0), target);
        for (const plan of plans) {
          await copyTable(sqlite, client, plan);
          say(`${plan.name}: ${plural(plan.rows, 'row', 'rows')}`);
        }
        const seq = (sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;
        // The change log's head is its newest position, so the next write takes the one after it.
        await client.query('UPDATE change_log_head SET seq = $1', [seq]);
        await resetSequences(client);
        // Replicas already watching the target read the log from their head on.
        await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(seq)]);
        await client.query('COMMIT');
        const count = (name: string) => plans.find((p) => p.name === name)?.rows ?? 0;
        const what = [plural(count('articles'), 'story', 'stories'), `(${plural(count('article_versions'), 'version', 'versions')}),`, `${plural(count('changes'), 'change', 'changes')} (cursor ${seq}),`];
        process.stdout.write(`copied ${what.join(' ')} ${plural(count('media'), 'picture', 'pictures')} and ${plans.length} tables from SQLite ${dbPath} to PostgreSQL ${describeDatabaseUrl(to)}\n`);
        return 0;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      sqlite.exec('COMMIT');
    }
  } finally {
    sqlite.close();
    await client.end().catch(() => {});
  }
}

/** The store file, brought to this rojname's schema as any command that opens it would. */
function openSource(path: string, setting: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
    migrateSqlite(db);
    return db;
  } catch (error) {
    db?.close();
    const e = error as Error;
    if (e.name === 'SchemaError' || e.name === 'SqliteError') throw new CliError(`${setting}: ${e.message}`);
    throw error;
  }
}

/** Not migrated, newer, unreachable: the target is a setting to fix (exit 2), named as `--to`. */
function explainTargetError(error: unknown, target: string): unknown {
  const e = error as Error & { code?: unknown };
  if (e.name === 'SchemaError') {
    const advice = e.message.endsWith('run `rojname migrate`') ? ' with ROJNAME_DATABASE_URL set to that database, then copy again' : '';
    return new CliError(`${target}: ${e.message}${advice}`);
  }
  if (e instanceof AggregateError) return new CliError(`${target}: ${e.errors.map((x: unknown) => (x as Error).message).join('; ') || 'cannot connect'}`);
  if (typeof e.code === 'string' && (/^E[A-Z]+$/.test(e.code) || /^(08|28|3D)/.test(e.code))) return new CliError(`${target}: ${e.message}`);
  if (e instanceof StoreConnectionError) return new CliError(`${target}: ${e.message}`);
  return error;
}

/** Every SQLite table, matched column for column with PostgreSQL's; refused if PostgreSQL lacks one. */
async function planTables(sqlite: Database.Database, client: pg.Client, target: string): Promise<TablePlan[]> {
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const pgColumns = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (!pgColumns.has(r.table_name)) pgColumns.set(r.table_name, new Map());
    pgColumns.get(r.table_name)!.set(r.column_name, r.udt_name);
  }
  const missing: string[] = [];
  const plans: TablePlan[] = [];
  for (const name of tables) {
    const info = sqlite.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; pk: number }[];
    const known = pgColumns.get(name);
    if (!known) {
      missing.push(`table ${name}`);
      continue;
    }
    for (const c of info) if (!known.has(c.name)) missing.push(`column ${name}.${c.name}`);
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => quote(c.name));
    const columns = info.map((c) => c.name);
    const count = (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n;
    plans.push({ name, columns, types: columns.map((c) => known.get(c) ?? 'text'), orderBy: pk.length ? pk.join(', ') : 'rowid', rows: count });
  }
  if (missing.length > 0) throw new CliError(`${target}: the PostgreSQL schema lacks ${missing.join(', ')} of the SQLite store: is this rojname's migration list complete for both stores?`);
  // A table only PostgreSQL has (other than its bookkeeping) has no rows to copy: it stays empty.
  const extra = [...pgColumns.keys()].filter((t) => !POSTGRES_ONLY.has(t) && !tables.includes(t));
  if (extra.length > 0) process.stderr.write(`copy: ${extra.join(', ')}: PostgreSQL only, left empty\n`);
  return plans;
}

/** A copy goes into a store with nothing in it (migrated, never served): refused otherwise, naming what is there. */
async function refuseNonEmpty(client: pg.Client, plans: readonly TablePlan[], head: number, target: string): Promise<void> {
  const found: string[] = [];
  for (const plan of plans) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(plan.name)}`);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found.push(`${plan.name}: ${formatCount(n)}`);
  }
  if (head !== 0) found.push(`change_log_head at ${head}`);
  if (found.length > 0) {
    throw new CliError(`${target}: the database holds a store already (${found.join(', ')}); copy into a new database migrated with \`rojname migrate\`, nothing else in it`, 1);
  }
}

/** Reads the table in key order and writes it in multi-row INSERTs of about `BATCH_BYTES`. */
async function copyTable(sqlite: Database.Database, client: pg.Client, plan: TablePlan): Promise<void> {
  const names = plan.columns.map(quote).join(', ');
  const rowsPerBatch = Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / plan.columns.length));
  let batch: unknown[][] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value, i) => `$${params.push(value)}::${plan.types[i]}`).join(', ')})`);
    await client.query(`INSERT INTO ${quote(plan.name)} (${names}) VALUES ${tuples.join(', ')}`, params);
    batch = [];
    bytes = 0;
  };
  const read = sqlite.prepare(`SELECT ${names} FROM ${quote(plan.name)} ORDER BY ${plan.orderBy}`).raw(true);
  // The iterator holds only the current row: a store of any size is copied in bounded memory.
  for (const row of read.iterate() as IterableIterator<unknown[]>) {
    batch.push(row);
    for (const value of row) bytes += typeof value === 'string' ? value.length : Buffer.isBuffer(value) ? value.length : 8;
    if (batch.length >= rowsPerBatch || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
}

/** Any column fed by a sequence (none in schema 5; a later migration may add one) continues after the copied rows. */
async function resetSequences(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  for (const r of rows) {
    await client.query(`SELECT setval($1, coalesce((SELECT max(${quote(r.column_name)}) FROM ${quote(r.table_name)}), 0) + 1, false)`, [r.seq]);
  }
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** An identifier as both SQL dialects quote it. */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

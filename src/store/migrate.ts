import type Database from 'better-sqlite3';
import type pg from 'pg';
import { SchemaError } from './errors.js';
import { latestVersion } from './migrations/index.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';

/** What a migration run did: the schema version before and after. */
export interface MigrationResult {
  from: number;
  to: number;
}

export const SQLITE_SCHEMA_VERSION = latestVersion(SQLITE_MIGRATIONS);
export const POSTGRES_SCHEMA_VERSION = latestVersion(POSTGRES_MIGRATIONS);

/**
 * Brings an SQLite file to the newest schema (the embedded store does this at open). One
 * immediate transaction: two processes opening a new file at once apply it once.
 */
export function migrateSqlite(db: Database.Database): MigrationResult {
  const read = () => db.pragma('user_version', { simple: true }) as number;
  const from = read();
  refuseNewer(from, SQLITE_SCHEMA_VERSION, 'SQLite');
  if (from === SQLITE_SCHEMA_VERSION) return { from, to: from };
  db.transaction(() => {
    const current = read();
    refuseNewer(current, SQLITE_SCHEMA_VERSION, 'SQLite');
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version > current)) {
      db.exec(m.sql);
      // user_version lives in the file header and is written with the transaction.
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: SQLITE_SCHEMA_VERSION };
}

/** Any pg connection or pool: what the schema queries need. */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** Key of the advisory lock that keeps two `rojname migrate` runs from applying one migration twice. */
const MIGRATE_LOCK = 7_206_531_101;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * `rojname migrate` for PostgreSQL: applies every migration the database lacks, all in one
 * transaction (PostgreSQL's DDL is transactional, so a failure leaves the schema as it was),
 * under an advisory lock so concurrent runs wait for each other instead of racing.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const from = await readPostgresSchemaVersion(client);
    refuseNewer(from, POSTGRES_SCHEMA_VERSION, 'PostgreSQL');
    for (const m of POSTGRES_MIGRATIONS.filter((m) => m.version > from)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, POSTGRES_SCHEMA_VERSION) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The applied schema version (0 when the database has never been migrated). */
export async function readPostgresSchemaVersion(db: Queryable): Promise<number> {
  const table = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table.rows[0]?.t) return 0;
  const row = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row.rows[0]?.v ?? 0;
}

/** `serve` (and every other command) works only on the schema it knows: older means `rojname migrate`, newer a newer rojname. */
export async function checkPostgresSchema(db: Queryable): Promise<void> {
  const found = await readPostgresSchemaVersion(db);
  refuseNewer(found, POSTGRES_SCHEMA_VERSION, 'PostgreSQL');
  if (found < POSTGRES_SCHEMA_VERSION) {
    const state = found === 0 ? 'is not migrated' : `is at version ${found}`;
    throw new SchemaError(`the PostgreSQL schema ${state} (this rojname needs version ${POSTGRES_SCHEMA_VERSION}): run \`rojname migrate\``, found, POSTGRES_SCHEMA_VERSION);
  }
}

function refuseNewer(found: number, known: number, store: string): void {
  if (found > known) {
    throw new SchemaError(`the ${store} schema is at version ${found}, newer than this rojname knows (${known}): run the newer rojname that migrated it`, found, known);
  }
}

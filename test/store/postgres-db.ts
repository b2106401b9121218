import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from '../../src/store/migrate.js';

/** The server the tests use (never mocked): ROJNAME_TEST_DATABASE_URL, default the machine's own. */
export const ADMIN_URL = process.env.ROJNAME_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs `sql` on a connection of its own. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  /** Opens a connection of the test's own (closed by `drop`). */
  connect(): Promise<pg.Client>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message}): start it (.ci/run does) or set ROJNAME_TEST_DATABASE_URL`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database (`rojname_test_<random>`) for one test file; `drop` it in afterAll. */
export async function createTestDatabase(options: { migrate?: boolean; icuLocale?: string } = {}): Promise<TestDatabase> {
  const name = `rojname_test_${randomBytes(6).toString('hex')}`;
  const locale = options.icuLocale ? ` LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale.replace(/[^\w-]/g, '')}' TEMPLATE template0` : '';
  await admin((c) => c.query(`CREATE DATABASE ${name}${locale}`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    // A test that terminates connections may end this one; the test's own query reports it.
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
  const db: TestDatabase = {
    name,
    url,
    async query(sql, values) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, values)).rows;
      } finally {
        await client.end();
      }
    },
    connect,
    async drop() {
      await Promise.all(clients.splice(0).map((c) => c.end().catch(() => {})));
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
  if (options.migrate) {
    const client = await connect();
    await migratePostgres(client);
  }
  return db;
}

/** Empties every table of the store's schema, so the next test starts from an empty log. */
export async function emptyStore(db: TestDatabase): Promise<void> {
  await db.query('TRUNCATE articles, article_versions, article_languages, changes, partner_requests, webhook_deliveries, webhook_dropped; UPDATE change_log_head SET seq = 0');
  // Schema 4: the editors' list and the uploaded pictures.
  await db.query('TRUNCATE desk_languages, media');
}

/** One node of `EXPLAIN (FORMAT JSON)`. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/** A plan and every node under it. */
export const planNodes = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(planNodes)];

/**
 * The plans PostgreSQL runs for a prepared statement: the custom plan (made for these values) and
 * the generic one (what a prepared statement switches to after five runs), through PREPARE and
 * EXPLAIN EXECUTE so that `plan_cache_mode` decides which.
 */
export async function explainPrepared(db: TestDatabase, sql: string, types: string[], values: (string | number)[], analyze = false): Promise<{ custom: PlanNode; generic: PlanNode }> {
  const client = await db.connect();
  try {
    await client.query(`PREPARE explained (${types.join(', ')}) AS ${sql}`);
    const args = values.map((v) => (typeof v === 'number' ? String(v) : client.escapeLiteral(v))).join(', ');
    const plan = async (mode: string) => {
      await client.query(`SET plan_cache_mode = ${mode}`);
      const rows = (await client.query(`EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE' : ''}) EXECUTE explained (${args})`)).rows as { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
      return rows[0]!['QUERY PLAN'][0].Plan;
    };
    return { custom: await plan('force_custom_plan'), generic: await plan('force_generic_plan') };
  } finally {
    await client.end();
  }
}

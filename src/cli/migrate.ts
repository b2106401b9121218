import { parseArgs } from 'node:util';
import { describeStore, readConfig } from '../config.js';

/**
 * `rojname migrate`: brings the store named by the settings to this rojname's schema. PostgreSQL
 * (ROJNAME_DATABASE_URL) is migrated only here, never by `serve`; the embedded store migrates
 * itself whenever it is opened, so for it this only opens it and says where it stands.
 */
export async function runMigrate(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const config = readConfig();
  const where = describeStore(config);
  if (!config.databaseUrl) {
    const { openRuntime } = await import('../runtime.js');
    const { SQLITE_SCHEMA_VERSION } = await import('../store/migrate.js');
    await openRuntime(config.dbPath).store.close();
    process.stdout.write(`${where}: schema version ${SQLITE_SCHEMA_VERSION} (the embedded store migrates itself when it opens)\n`);
    return 0;
  }
  const [{ default: pg }, { migratePostgres }, { StoreConnectionError }] = await Promise.all([import('pg'), import('../store/migrate.js'), import('../store/errors.js')]);
  const client = new pg.Client({ connectionString: config.databaseUrl, application_name: 'rojname-migrate' });
  // A lost connection is reported by the query that needed it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new StoreConnectionError((error as Error).message || String((error as { code?: unknown }).code), { cause: error });
  }
  try {
    const { from, to } = await migratePostgres(client);
    process.stdout.write(from === to ? `${where}: schema version ${to}, nothing to migrate\n` : `${where}: migrated from schema version ${from} to ${to}\n`);
    return 0;
  } finally {
    await client.end();
  }
}

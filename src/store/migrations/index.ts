/**
 * Versioned schemas, one list per store, oldest first. A migration is applied once, in its own
 * place in the list, and never edited after release: a change to the schema is a new entry.
 * They are TypeScript modules rather than `.sql` files so that the compiled `dist/` carries them
 * (tsc copies no other files) and no file has to be found at run time.
 */
export interface Migration {
  /** 1, 2, 3…: the schema version once this migration is applied. */
  version: number;
  /** What it does, recorded with it (PostgreSQL's `schema_migrations.name`). */
  name: string;
  sql: string;
}

/** The newest version a list reaches. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

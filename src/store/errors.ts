/** The story does not exist (or never had that version). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The write conflicts with the stored state: the id is taken, or the story was killed. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** Optimistic concurrency: the writer edited a version that is no longer the latest. */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(`version ${expected} is stale: the latest is ${current}`);
  }
}

/**
 * The store's schema is not the one this rojname knows: not migrated yet (PostgreSQL: `rojname
 * migrate`), or migrated by a newer rojname. The message says which, and what to run.
 */
export class SchemaError extends Error {
  override name = 'SchemaError';
  constructor(
    message: string,
    /** The schema version found (0: none). */
    readonly found: number,
    /** The schema version this rojname needs. */
    readonly expected: number,
  ) {
    super(message);
  }
}

/** The database server could not be reached or refused the connection (a setting to fix). */
export class StoreConnectionError extends Error {
  override name = 'StoreConnectionError';
}

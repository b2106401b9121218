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

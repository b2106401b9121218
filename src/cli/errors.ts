import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeDatabaseUrl } from '../config.js';

/** A user mistake on the command line: printed without a stack trace, with a non-zero exit. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
}

/** SQLite result codes that are about the database file (where it is, what it holds, who may write it), not about a query. */
const FILE_CODES = /^SQLITE_(NOTADB|CANTOPEN|READONLY|PERM|CORRUPT|IOERR|FULL|BUSY|LOCKED|AUTH|NOLFS|PROTOCOL)/;

/**
 * A store that cannot be opened or written is a setting to fix: one line naming ROJNAME_DB, e.g.
 * `ROJNAME_DB "x": file is not a database`, or ROJNAME_DATABASE_URL (its password left out), e.g.
 * `ROJNAME_DATABASE_URL "postgres://…": the PostgreSQL schema is not migrated …: run \`rojname migrate\``.
 * Undefined for anything else. (Errors are told apart by name: this module loads no store.)
 */
export function explainStoreError(error: unknown, store: { dbPath: string; databaseUrl?: string | undefined }): CliError | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'SchemaError' || error.name === 'StoreConnectionError') {
    const setting = store.databaseUrl ? `ROJNAME_DATABASE_URL "${describeDatabaseUrl(store.databaseUrl)}"` : `ROJNAME_DB "${store.dbPath}"`;
    return new CliError(`${setting}: ${error.message.replaceAll('\n', ' ')}`);
  }
  const { dbPath } = store;
  if (store.databaseUrl || dbPath === ':memory:') return undefined;
  const { code, syscall, path } = error as SystemError;
  const setting = `ROJNAME_DB "${dbPath}"`;
  if (error.name === 'SqliteError' && code && FILE_CODES.test(code)) {
    const reason = code === 'SQLITE_CANTOPEN' && isDirectory(dbPath) ? 'is a folder, not a database file' : error.message;
    return new CliError(`${setting}: ${reason}`);
  }
  // The store creates the file's folder first (mkdir), so that is where a read-only or missing place shows.
  if (syscall && path && code && isSelfOrAncestor(resolve(path), resolve(dbPath))) {
    const reason = error.message.split(',')[0];
    return new CliError(syscall === 'mkdir' ? `${setting}: cannot create the folder ${path} (${reason})` : `${setting}: ${reason}`);
  }
  return undefined;
}

/** `serve` could not listen: the port or the host is the setting to change. Anything else is returned as it is. */
export function explainListenError(error: unknown, settings: { port: number; host: string }): unknown {
  const code = (error as SystemError | undefined)?.code;
  const { port, host } = settings;
  switch (code) {
    case 'EADDRINUSE':
      return new CliError(`PORT ${port} is already in use (set PORT to another port)`);
    case 'EACCES':
      return new CliError(`PORT ${port} needs privileges this process does not have (set PORT to 1024 or above)`);
    case 'EADDRNOTAVAIL':
      return new CliError(`HOST "${host}" is not an address of this machine (set HOST to one, e.g. 127.0.0.1)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError(`HOST "${host}" is not a name this machine can resolve (set HOST to an address, e.g. 127.0.0.1)`);
    default:
      return error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isSelfOrAncestor(candidate: string, file: string): boolean {
  for (let p = file; ; p = dirname(p)) {
    if (p === candidate) return true;
    if (dirname(p) === p) return false;
  }
}

/** Settings from the environment, read once at start-up. Secrets are kept out of `describe()`. */
export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** `ROJNAME_DATABASE_URL`: PostgreSQL instead of the SQLite file (it wins over `dbPath`). */
  databaseUrl: string | undefined;
  baseUrl: string;
  adminToken: string | undefined;
  /**
   * Every editor's token by name: `ROJNAME_ADMIN_TOKENS` (name:TOKEN,…) and `ROJNAME_ADMIN_TOKEN`
   * (named "admin"). Empty: the editors' API is off.
   */
  editorTokens: Map<string, string>;
  /** `ROJNAME_PARTNER_KEYS`: partner name → API key (every language, embargoed items visible, the default quota). */
  partnerKeys: Map<string, string>;
  /**
   * `ROJNAME_PARTNERS_FILE`: the partners file (entitlements, quotas, webhooks; keys as SHA-256),
   * read by `loadPartners` (src/partners/file.ts). Beside ROJNAME_PARTNER_KEYS, both sets work.
   */
  partnersFile: string | undefined;
  /** `ROJNAME_TOMBSTONE_DAYS`: how long a kill stays announced in the Atom feeds (RFC 6721), in days; default 30. */
  tombstoneDays: number;
  /** `ROJNAME_WEBSUB_HUBS`: the WebSub hubs every subscription feed names and notifies (comma-separated URLs). */
  websubHubs: string[];
  /**
   * `ROJNAME_PURGE_URL` (and `ROJNAME_PURGE_TOKEN`, sent as a bearer token): each change's surrogate
   * keys are POSTed there as `{"keys": [...]}` (src/cdn/purge.ts). Unset: no purges.
   */
  purge: { url: string; token?: string } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const host = env.HOST || '127.0.0.1';
  const baseUrl = (env.ROJNAME_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(baseUrl)) throw new ConfigError(`ROJNAME_BASE_URL must be an absolute http(s) URL, not "${baseUrl}"`);
  const databaseUrl = env.ROJNAME_DATABASE_URL || undefined;
  // Never echoed: the URL may carry a password.
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) throw new ConfigError('ROJNAME_DATABASE_URL must be a postgres:// URL, e.g. postgres://rojname@127.0.0.1:5432/rojname');
  return {
    port,
    host,
    dbPath: env.ROJNAME_DB || './data/rojname.db',
    databaseUrl,
    baseUrl,
    adminToken: env.ROJNAME_ADMIN_TOKEN || undefined,
    editorTokens: readEditorTokens(env.ROJNAME_ADMIN_TOKENS ?? '', env.ROJNAME_ADMIN_TOKEN || undefined),
    partnerKeys: parsePartnerKeys(env.ROJNAME_PARTNER_KEYS ?? ''),
    partnersFile: env.ROJNAME_PARTNERS_FILE || undefined,
    tombstoneDays: readTombstoneDays(env.ROJNAME_TOMBSTONE_DAYS),
    websubHubs: readHubs(env.ROJNAME_WEBSUB_HUBS ?? ''),
    purge: readPurge(env.ROJNAME_PURGE_URL, env.ROJNAME_PURGE_TOKEN),
  };
}

/** `ROJNAME_PURGE_URL`: an absolute http(s) URL; `ROJNAME_PURGE_TOKEN` alone is a mistake. Neither is ever echoed whole. */
export function readPurge(url: string | undefined, token: string | undefined): Config['purge'] {
  if (!url) {
    if (token) throw new ConfigError('ROJNAME_PURGE_TOKEN is set but ROJNAME_PURGE_URL is not: set the URL the purges go to');
    return undefined;
  }
  let ok = false;
  try {
    const u = new URL(url);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(url);
  } catch {
    ok = false;
  }
  if (!ok) throw new ConfigError('ROJNAME_PURGE_URL must be an absolute http(s) URL, e.g. https://purger.internal/purge');
  if (token !== undefined && (token.trim() === '' || /\s/.test(token.trim()))) throw new ConfigError('ROJNAME_PURGE_TOKEN must be a token without spaces');
  return { url, ...(token ? { token: token.trim() } : {}) };
}

/** A purge URL as it may be logged: scheme, host and path (credentials and query may be secrets). */
export function describePurgeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** `https://hub.example/,https://pubsubhubbub.appspot.com/` → each an absolute http(s) URL, once. */
export function readHubs(value: string): string[] {
  const hubs = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const [i, hub] of hubs.entries()) {
    let ok = false;
    try {
      const u = new URL(hub);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '' && !/\s/.test(hub);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`ROJNAME_WEBSUB_HUBS: entry ${i + 1} must be an absolute http(s) URL without credentials, not "${hub}"`);
    if (hubs.indexOf(hub) !== i) throw new ConfigError(`ROJNAME_WEBSUB_HUBS: "${hub}" is listed twice`);
  }
  return hubs;
}

/** Days as a non-negative number (0: no tombstones), at most ten years. */
function readTombstoneDays(value: string | undefined): number {
  if (value === undefined || value === '') return 30;
  const days = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(days) || days > 3650) {
    throw new ConfigError(`ROJNAME_TOMBSTONE_DAYS must be a number of days from 0 to 3650, not "${value}"`);
  }
  return days;
}

/** The name `ROJNAME_ADMIN_TOKEN`'s editor has, in logs and in the version history. */
export const SINGLE_TOKEN_EDITOR = 'admin';

/** An editor's name: what the log and the version history show (and `rojname … --editor NAME` gives). */
export const EDITOR_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * `alice:TOKEN1,bob:TOKEN2` (ROJNAME_ADMIN_TOKENS), with ROJNAME_ADMIN_TOKEN as the editor "admin":
 * name → token. Entries are named by position, never by their token; a name or a token given twice
 * is refused (two editors with one token could not be told apart in the history).
 */
export function readEditorTokens(value: string, single?: string): Map<string, string> {
  const tokens = new Map<string, string>();
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  const position = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    if (colon <= 0 || !token || /\s/.test(token) || !EDITOR_NAME.test(name)) {
      throw new ConfigError(`ROJNAME_ADMIN_TOKENS: entry ${i + 1} must look like name:TOKEN (a name of letters, digits, ".", "_" or "-", then a token without spaces)`);
    }
    if (tokens.has(name)) throw new ConfigError(`ROJNAME_ADMIN_TOKENS: entry ${i + 1} names "${name}" again (entry ${position.get(name)! + 1}): give each editor one name`);
    const same = [...tokens].findIndex(([, known]) => known === token);
    if (same >= 0) throw new ConfigError(`ROJNAME_ADMIN_TOKENS: entry ${i + 1} has the token of entry ${same + 1}: give each editor a token of their own`);
    tokens.set(name, token);
    position.set(name, i);
  }
  if (single !== undefined) {
    if (/\s/.test(single.trim()) || single.trim() === '') throw new ConfigError('ROJNAME_ADMIN_TOKEN must be a token without spaces');
    if (tokens.has(SINGLE_TOKEN_EDITOR)) throw new ConfigError(`ROJNAME_ADMIN_TOKENS: entry ${position.get(SINGLE_TOKEN_EDITOR)! + 1} names "${SINGLE_TOKEN_EDITOR}", the name ROJNAME_ADMIN_TOKEN's editor has: choose another name`);
    const same = [...tokens].findIndex(([, known]) => known === single.trim());
    if (same >= 0) throw new ConfigError(`ROJNAME_ADMIN_TOKENS: entry ${same + 1} has the token ROJNAME_ADMIN_TOKEN has: give each editor a token of their own`);
    tokens.set(SINGLE_TOKEN_EDITOR, single.trim());
  }
  return tokens;
}

/** `afp:KEY1,reuters:KEY2` → Map { afp → KEY1, reuters → KEY2 }. */
export function parsePartnerKeys(value: string): Map<string, string> {
  const keys = new Map<string, string>();
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    // Entries are named by position, never by content: a malformed one may be a bare key.
    if (colon <= 0 || !key || !/^[\w.-]+$/.test(name)) throw new ConfigError(`ROJNAME_PARTNER_KEYS: entry ${i + 1} must look like name:KEY`);
    if (keys.has(name)) throw new ConfigError(`ROJNAME_PARTNER_KEYS: partner "${name}" is listed twice`);
    keys.set(name, key);
  }
  return keys;
}

/**
 * The settings as they may be logged: secrets only counted, never shown. `partners` are the names
 * of every partner loaded (from the file and the keys); without it, those of ROJNAME_PARTNER_KEYS.
 */
export function describeConfig(c: Config, partners: readonly string[] = [...c.partnerKeys.keys()]): string {
  return [
    `listening on http://${c.host}:${c.port}`,
    `base URL ${c.baseUrl}`,
    `store ${describeStore(c)}`,
    c.editorTokens.size > 0 ? `editors' API on for: ${[...c.editorTokens.keys()].join(', ')}` : "editors' API off (set ROJNAME_ADMIN_TOKENS or ROJNAME_ADMIN_TOKEN)",
    ...(c.websubHubs.length > 0 ? [`WebSub hubs: ${c.websubHubs.join(', ')}`] : []),
    ...(c.purge ? [`CDN purges: POST ${describePurgeUrl(c.purge.url)}${c.purge.token ? ' (with ROJNAME_PURGE_TOKEN)' : ''}`] : []),
    partners.length ? `partner API keys for: ${partners.join(', ')}${c.partnersFile ? ` (partners file ${c.partnersFile})` : ''}` : 'partner API: no keys (every request answered 401)',
  ].join('\n');
}

/** Which store is in use, as it may be logged: `SQLite ./data/rojname.db` or `PostgreSQL postgres://rojname@db:5432/rojname`. */
export function describeStore(c: Pick<Config, 'dbPath' | 'databaseUrl'>): string {
  return c.databaseUrl ? `PostgreSQL ${describeDatabaseUrl(c.databaseUrl)}` : `SQLite ${c.dbPath}`;
}

/** A database URL without its password (and without the query, which may carry one too). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

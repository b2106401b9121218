/** Settings from the environment, read once at start-up. Secrets are kept out of `describe()`. */
export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** `ROJNAME_DATABASE_URL`: PostgreSQL instead of the SQLite file (it wins over `dbPath`). */
  databaseUrl: string | undefined;
  baseUrl: string;
  adminToken: string | undefined;
  /** Partner name → API key. */
  partnerKeys: Map<string, string>;
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
    partnerKeys: parsePartnerKeys(env.ROJNAME_PARTNER_KEYS ?? ''),
  };
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

/** The settings as they may be logged: secrets only counted, never shown. */
export function describeConfig(c: Config): string {
  return [
    `listening on http://${c.host}:${c.port}`,
    `base URL ${c.baseUrl}`,
    `store ${describeStore(c)}`,
    c.adminToken ? "editors' API on" : "editors' API off (set ROJNAME_ADMIN_TOKEN)",
    c.partnerKeys.size ? `partner API keys for: ${[...c.partnerKeys.keys()].join(', ')}` : 'partner API: no keys (every request answered 401)',
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

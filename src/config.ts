/** Settings from the environment, read once at start-up. Secrets are kept out of `describe()`. */
export interface Config {
  port: number;
  host: string;
  dbPath: string;
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
  return {
    port,
    host,
    dbPath: env.ROJNAME_DB || './data/rojname.db',
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
    `store ${c.dbPath}`,
    c.adminToken ? "editors' API on" : "editors' API off (set ROJNAME_ADMIN_TOKEN)",
    c.partnerKeys.size ? `partner API keys for: ${[...c.partnerKeys.keys()].join(', ')}` : 'partner API: no keys (every request answered 401)',
  ].join('\n');
}

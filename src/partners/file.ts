import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { Problem } from '../validate/problems.js';
import { PARTNER_DEFAULTS, partnersFromKeys, type PartnerEntry, type PartnerWebhook } from './partner.js';

/** What the partners come from: `ROJNAME_PARTNERS_FILE` and `ROJNAME_PARTNER_KEYS`. */
export interface PartnerSettings {
  partnersFile: string | undefined;
  partnerKeys: ReadonlyMap<string, string>;
}

const FIELDS = new Set(['name', 'keySha256', 'languages', 'embargoed', 'requestsPerMinute', 'webhook']);
const WEBHOOK_FIELDS = new Set(['url', 'secret']);
/** The highest quota the file may set: 1,000 requests a second. */
/** A wholesale partner polling hard (or a benchmark) may be allowed this much: about 166,000 a second. */
const MOST_PER_MINUTE = 10_000_000;

/**
 * Every partner the settings name: the partners file's, then `ROJNAME_PARTNER_KEYS`' (with the
 * defaults). Both may be set; both sets then work, and a name or a key in both is refused.
 * `languages` are the registry's tags, in its order.
 */
export function loadPartners(settings: PartnerSettings, languages: readonly string[]): PartnerEntry[] {
  const fromFile = settings.partnersFile === undefined ? [] : readPartnersFile(settings.partnersFile, languages);
  const fromKeys = partnersFromKeys(settings.partnerKeys, languages);
  for (const p of fromKeys) {
    const i = fromFile.findIndex((f) => f.name === p.name);
    if (i >= 0) throw new ConfigError(`ROJNAME_PARTNER_KEYS: partner "${p.name}" is also in ROJNAME_PARTNERS_FILE "${settings.partnersFile}" (/${i}/name): a name may be used once`);
    const k = fromFile.findIndex((f) => f.keySha256 === p.keySha256);
    if (k >= 0) throw new ConfigError(`ROJNAME_PARTNER_KEYS: the key of partner "${p.name}" is also the key of /${k} in ROJNAME_PARTNERS_FILE "${settings.partnersFile}": every partner needs its own key`);
  }
  return [...fromFile, ...fromKeys];
}

/** Reads and checks the partners file; a bad one is one ConfigError line naming the file and every problem by JSON pointer. */
export function readPartnersFile(path: string, languages: readonly string[]): PartnerEntry[] {
  const fail = (what: string) => new ConfigError(`ROJNAME_PARTNERS_FILE "${path}": ${what}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read (${(error as Error).message.split(',')[0]})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message})`);
  }
  const { partners, problems } = checkPartners(value, languages);
  if (problems.length > 0) throw fail(problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; '));
  return partners;
}

/** The partners of a parsed file, or every problem with it (a secret is never quoted in one). */
export function checkPartners(value: unknown, languages: readonly string[]): { partners: PartnerEntry[]; problems: Problem[] } {
  if (!Array.isArray(value)) return { partners: [], problems: [{ pointer: '', message: 'must be a JSON array of partners' }] };
  const problems: Problem[] = [];
  const partners: PartnerEntry[] = [];
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  value.forEach((entry: unknown, i) => {
    const at = `/${i}`;
    const before = problems.length;
    const problem = (pointer: string, message: string) => problems.push({ pointer: `${at}${pointer}`, message });
    if (!isObject(entry)) return problem('', 'must be an object');
    for (const field of Object.keys(entry)) {
      if (FIELDS.has(field)) continue;
      problem(`/${escapePointer(field)}`, field === 'key' ? 'is not a known property (keys are never stored in plain text: give keySha256, the SHA-256 of the key)' : 'is not a known property');
    }
    const { name, keySha256 } = entry;
    if (name === undefined) problem('/name', 'is required');
    else if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name)) problem('/name', 'must be 1 to 64 letters, digits, "_", "." or "-"');
    else if (names.has(name)) problem('/name', `"${name}" is also the name of /${names.get(name)}`);
    else names.set(name, i);
    if (keySha256 === undefined) problem('/keySha256', 'is required');
    else if (typeof keySha256 !== 'string' || !/^[0-9a-f]{64}$/.test(keySha256)) problem('/keySha256', "must be the lowercase hex SHA-256 of the key's UTF-8 bytes (64 characters 0-9a-f)");
    else if (keys.has(keySha256)) problem('/keySha256', `is also the key of /${keys.get(keySha256)}: every partner needs its own key`);
    else keys.set(keySha256, i);
    const entitled = checkLanguages(entry.languages, languages, (pointer, message) => problem(`/languages${pointer}`, message));
    if (entry.embargoed !== undefined && typeof entry.embargoed !== 'boolean') problem('/embargoed', 'must be true or false');
    const rpm = entry.requestsPerMinute;
    if (rpm !== undefined && !(Number.isInteger(rpm) && (rpm as number) >= 1 && (rpm as number) <= MOST_PER_MINUTE)) problem('/requestsPerMinute', `must be a whole number from 1 to ${MOST_PER_MINUTE}`);
    const webhook = checkWebhook(entry.webhook, (pointer, message) => problem(`/webhook${pointer}`, message));
    if (problems.length > before) return;
    partners.push({
      name: name as string,
      keySha256: keySha256 as string,
      languages: entitled,
      embargoed: (entry.embargoed as boolean | undefined) ?? PARTNER_DEFAULTS.embargoed,
      requestsPerMinute: (rpm as number | undefined) ?? PARTNER_DEFAULTS.requestsPerMinute,
      webhook,
    });
  });
  return { partners: problems.length ? [] : partners, problems };
}

/** The entitled languages in the registry's order; absent: every language. */
function checkLanguages(value: unknown, supported: readonly string[], problem: (pointer: string, message: string) => void): string[] {
  if (value === undefined) return [...supported];
  if (!Array.isArray(value) || value.length === 0) {
    problem('', `must be a non-empty array of language tags (supported: ${supported.join(', ')}), or left out for every language`);
    return [];
  }
  const seen = new Set<string>();
  value.forEach((tag: unknown, j) => {
    if (typeof tag !== 'string' || !supported.includes(tag)) problem(`/${j}`, `${JSON.stringify(tag)} is not a supported language (supported: ${supported.join(', ')})`);
    else if (seen.has(tag)) problem(`/${j}`, `"${tag}" is listed twice`);
    else seen.add(tag);
  });
  return supported.filter((t) => seen.has(t));
}

function checkWebhook(value: unknown, problem: (pointer: string, message: string) => void): PartnerWebhook | null {
  if (value === undefined) return null;
  if (!isObject(value)) {
    problem('', 'must be an object {"url", "secret"}');
    return null;
  }
  for (const field of Object.keys(value)) if (!WEBHOOK_FIELDS.has(field)) problem(`/${escapePointer(field)}`, 'is not a known property');
  const { url, secret } = value;
  if (url === undefined) problem('/url', 'is required');
  else if (typeof url !== 'string' || !isHttpUrl(url)) problem('/url', 'must be an absolute http: or https: URL');
  if (secret === undefined) problem('/secret', 'is required');
  else if (typeof secret !== 'string' || !isWebhookSecret(secret)) problem('/secret', 'must be "whsec_" and the base64 of 24 to 64 random bytes (Standard Webhooks)');
  return typeof url === 'string' && typeof secret === 'string' ? { url, secret } : null;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** Standard Webhooks: the secret is base64 (standard alphabet) of 24 to 64 bytes, after `whsec_`. */
function isWebhookSecret(value: string): boolean {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!m || m[1]!.length % 4 !== 0) return false;
  const bytes = Buffer.from(m[1]!, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** RFC 6901: `~` and `/` in a member name. */
function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

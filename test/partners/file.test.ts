import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { checkPartners, loadPartners, readPartnersFile } from '../../src/partners/file.js';
import { PartnerDirectory, sha256Hex } from '../../src/partners/partner.js';

const LANGS = defaultLanguages.tags;
const SHA = (key: string) => sha256Hex(key);
const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

function writeFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rojname-partners-file-')), 'partners.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('the partners file', () => {
  it('reads each partner, with the defaults for what it leaves out, languages in the registry order', () => {
    const path = writeFile([
      { name: 'afp', keySha256: SHA('k1') },
      { name: 'ap', keySha256: SHA('k2'), languages: ['ar', 'en'], embargoed: false, requestsPerMinute: 60, webhook: { url: 'http://127.0.0.1:9000/hook', secret: SECRET } },
    ]);
    expect(readPartnersFile(path, LANGS)).toEqual([
      { name: 'afp', keySha256: SHA('k1'), languages: ['en', 'ckb', 'kmr', 'ar'], embargoed: true, requestsPerMinute: 600, webhook: null },
      { name: 'ap', keySha256: SHA('k2'), languages: ['en', 'ar'], embargoed: false, requestsPerMinute: 60, webhook: { url: 'http://127.0.0.1:9000/hook', secret: SECRET } },
    ]);
  });
  it('names every problem of every entry by JSON pointer, in one line naming the file, and never quotes a secret', () => {
    const path = writeFile([
      { name: 'afp', key: 'plain-text-key', languages: ['en', 'de', 'en'], embargoed: 'no', requestsPerMinute: 0, webhook: { url: 'ftp://x', secret: 'whsec_c2hvcnQ=' } },
      { name: 'afp', keySha256: SHA('k1').toUpperCase(), colour: 'red' },
      { name: 'bad name', keySha256: SHA('k2'), languages: [] },
      { keySha256: SHA('k2'), webhook: { url: 'https://ok.example/' } },
      'reuters',
    ]);
    const error = errorOf(() => readPartnersFile(path, LANGS));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message.split('; ')).toEqual([
      `ROJNAME_PARTNERS_FILE "${path}": /0/key: is not a known property (keys are never stored in plain text: give keySha256, the SHA-256 of the key)`,
      '/0/keySha256: is required',
      '/0/languages/1: "de" is not a supported language (supported: en, ckb, kmr, ar)',
      '/0/languages/2: "en" is listed twice',
      '/0/embargoed: must be true or false',
      '/0/requestsPerMinute: must be a whole number from 1 to 10000000',
      '/0/webhook/url: must be an absolute http: or https: URL',
      '/0/webhook/secret: must be "whsec_" and the base64 of 24 to 64 random bytes (Standard Webhooks)',
      '/1/colour: is not a known property',
      '/1/name: "afp" is also the name of /0',
      "/1/keySha256: must be the lowercase hex SHA-256 of the key's UTF-8 bytes (64 characters 0-9a-f)",
      '/2/name: must be 1 to 64 letters, digits, "_", "." or "-"',
      '/2/languages: must be a non-empty array of language tags (supported: en, ckb, kmr, ar), or left out for every language',
      '/3/name: is required',
      '/3/keySha256: is also the key of /2: every partner needs its own key',
      '/3/webhook/secret: is required',
      '/4: must be an object',
    ]);
    expect(error.message).not.toContain('plain-text-key');
    expect(error.message).not.toContain('c2hvcnQ');
  });
  it.each([
    ['a file that is not there', null, /^ROJNAME_PARTNERS_FILE ".*": cannot be read \(ENOENT: no such file or directory\)$/],
    ['a file that is not JSON', '[{"name": "afp",]', /^ROJNAME_PARTNERS_FILE ".*": is not JSON \(.+\)$/],
    ['an object instead of an array', { afp: {} }, /^ROJNAME_PARTNERS_FILE ".*": \/: must be a JSON array of partners$/],
  ])('refuses %s in one line', (_name, content, message) => {
    const path = content === null ? join(tmpdir(), 'rojname-no-such-dir', 'partners.json') : writeFile(content);
    const error = errorOf(() => readPartnersFile(path, LANGS));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
  });
  it('accepts an empty list', () => {
    expect(checkPartners([], LANGS)).toEqual({ partners: [], problems: [] });
  });
});

describe('partners from the file and ROJNAME_PARTNER_KEYS together', () => {
  it('keeps both sets, the keys with the defaults', () => {
    const path = writeFile([{ name: 'ap', keySha256: SHA('k2'), languages: ['en'] }]);
    const config = readConfig({ ROJNAME_PARTNERS_FILE: path, ROJNAME_PARTNER_KEYS: 'afp:k1' });
    expect(config.partnersFile).toBe(path);
    const partners = loadPartners(config, LANGS);
    expect(partners.map((p) => [p.name, p.languages, p.embargoed, p.requestsPerMinute])).toEqual([
      ['ap', ['en'], true, 600],
      ['afp', LANGS, true, 600],
    ]);
    // Neither file nor keys hold a key in plain text once loaded.
    expect(JSON.stringify(partners)).not.toContain('"k1"');
    const directory = new PartnerDirectory(partners);
    expect([directory.find('k1')?.name, directory.find('k2')?.name, directory.find('k3'), directory.find(undefined)]).toEqual(['afp', 'ap', undefined, undefined]);
    // Found again (now from the keys that matched), and a guess stays a guess however often it comes.
    expect([directory.find('k1')?.name, directory.find('k2')?.name, directory.find('k3'), directory.find('k3'), directory.find('k1 ')]).toEqual(['afp', 'ap', undefined, undefined, undefined]);
  });
  it('refuses a name or a key used in both, naming both places', () => {
    const path = writeFile([{ name: 'afp', keySha256: SHA('k2') }]);
    expect(errorOf(() => loadPartners({ partnersFile: path, partnerKeys: new Map([['afp', 'k1']]) }, LANGS)).message).toBe(
      `ROJNAME_PARTNER_KEYS: partner "afp" is also in ROJNAME_PARTNERS_FILE "${path}" (/0/name): a name may be used once`,
    );
    expect(errorOf(() => loadPartners({ partnersFile: path, partnerKeys: new Map([['reuters', 'k2']]) }, LANGS)).message).toBe(
      `ROJNAME_PARTNER_KEYS: the key of partner "reuters" is also the key of /0 in ROJNAME_PARTNERS_FILE "${path}": every partner needs its own key`,
    );
  });
});

describe('rojname serve with a bad partners file', () => {
  it('stops before it listens: one line naming the file and the field, exit 2, no stack trace', async () => {
    const path = writeFile([{ name: 'afp', keySha256: SHA('k1'), languages: ['fr'] }]);
    const dir = mkdtempSync(join(tmpdir(), 'rojname-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...process.env, PORT: '0', ROJNAME_DB: join(dir, 'r.db'), ROJNAME_PARTNERS_FILE: path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `rojname serve: ROJNAME_PARTNERS_FILE "${path}": /0/languages/0: "fr" is not a supported language (supported: en, ckb, kmr, ar)\n`,
    });
  }, 30_000);
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAtom } from '../helpers/official.js';

/** Runs the real CLI in a child process, with its own store. */
function rojname(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-cli-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ROJNAME_DB: join(dir, 'r.db'), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, dir };
}

describe('rojname', () => {
  it('lists its commands, and refuses an unknown one with exit 2', () => {
    expect(rojname([]).stderr).toContain('import');
    const r = rojname(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
  it('import stores wire copy and prints its notes', () => {
    const r = rojname(['import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/', '--subject', 'medtop:16000000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stored "2021-02-18-nato-announces-eight-fold-increase-in-[0-9a-f]{8}" version 1 \(en\)/);
    expect(r.stderr).toContain('note: line 3: the photo caption appears 2 times; kept once');
  });
  it('import refuses copy without a headline: exit 1, a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-copy-'));
    const file = join(dir, 'copy.txt');
    writeFileSync(file, readFileSync('content/sample/en.txt', 'utf8').split('\n').slice(2).join('\n'));
    const r = rojname(['import', file, '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rojname import: wire copy is invalid:\n  /headline: line 1 is not a headline');
  });
  it('import names a missing option with exit 2', () => {
    const r = rojname(['import', 'content/sample/en.txt', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--published is required');
  });
  it('import refuses an unknown option with exit 2, without a stack trace', () => {
    const r = rojname(['import', 'content/sample/en.txt', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rojname import: Unknown option '--bogus'/);
    expect(r.stderr).not.toContain('    at ');
  });
  it('locales check passes on the shipped files', () => {
    const r = rojname(['locales', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('locales ok: en, ckb, kmr, ar\n');
  });
  it('preview renders the sample story with the current locale files', () => {
    const r = rojname(['preview', 'ar', 'atom']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">');
    expect(r.stdout).toContain('روجنامه — أخبار بالعربية');
  });
  it('build writes every feed, page and picture, valid, with compressed siblings', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rojname-out-')), 'site');
    mkdirSync(join(out, 'en', 'articles'), { recursive: true });
    writeFileSync(join(out, 'en', 'articles', 'killed-story.html'), 'old');
    writeFileSync(join(out, '.gitkeep'), '');
    const r = rojname(['build', '--out', out], { ROJNAME_BASE_URL: 'https://news.example.org' });
    expect(r.stdout).toContain('removed 1 stale ones');
    expect(existsSync(join(out, 'en', 'articles', 'killed-story.html'))).toBe(false);
    expect(existsSync(join(out, '.gitkeep'))).toBe(true);
    expect(r.code).toBe(0);
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) {
      for (const f of ['rss.xml', 'atom.xml', 'feed.json', 'index.html', 'rss.xml.gz', 'rss.xml.br']) expect(existsSync(join(out, lang, f)), `${lang}/${f}`).toBe(true);
      expect(existsSync(join(out, lang, 'articles', '2021-02-18-nato-iraq-mission-eightfold.html'))).toBe(true);
    }
    const atom = readFileSync(join(out, 'ckb', 'atom.xml'), 'utf8');
    expect(atom).toContain('href="https://news.example.org/ckb/atom.xml"');
    expect(await checkAtom(atom)).toEqual({ valid: true, errors: [] });
    expect(readdirSync(out).filter((f) => f.startsWith('.build-'))).toEqual([]);
    expect(existsSync(join(out, 'media', 'nato-mission-iraq.jpg'))).toBe(true);
  });
  it('refuses a bad setting with exit 2', () => {
    const r = rojname(['seed'], { ROJNAME_BASE_URL: 'not a url' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ROJNAME_BASE_URL must be an absolute http(s) URL');
  });
  it('never echoes a malformed partner key', () => {
    const r = rojname(['serve'], { ROJNAME_PARTNER_KEYS: 'afp:ok-key,s3cr3t-partner-key-0123456789', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rojname serve: ROJNAME_PARTNER_KEYS: entry 2 must look like name:KEY\n');
  });
});

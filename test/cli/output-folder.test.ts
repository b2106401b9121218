import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { OutputFolder, RECORD_FILE } from '../../src/cli/output-folder.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A fresh folder `site` inside a fresh temporary folder (so tests can put things beside it). */
function freshSite() {
  const root = mkdtempSync(join(tmpdir(), 'rojname-folder-'));
  return { root, site: join(root, 'site') };
}

function refusal(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('not refused');
}

/** One build: these files, committed. */
function buildWith(site: string, files: Record<string, string>, force = false) {
  const folder = new OutputFolder(site, { force });
  try {
    for (const [path, text] of Object.entries(files)) folder.put(path, text);
    return folder.commit();
  } finally {
    folder.discard();
  }
}

describe('OutputFolder', () => {
  it('writes the files and a sorted record of their hashes, and nothing else', () => {
    const { site } = freshSite();
    expect(buildWith(site, { 'b/x.txt': 'x', 'a.txt': 'a' })).toMatchObject({ written: 2, unchanged: 0, removed: 0, bytesWritten: 2 });
    expect(readdirSync(site).sort()).toEqual([RECORD_FILE, 'a.txt', 'b']);
    expect(JSON.parse(readFileSync(join(site, RECORD_FILE), 'utf8'))).toEqual({ generator: 'rojname build', version: 1, files: { 'a.txt': sha256('a'), 'b/x.txt': sha256('x') } });
  });
  it('leaves unchanged files alone, writes changed ones and removes only what it wrote before', () => {
    const { site } = freshSite();
    buildWith(site, { 'a.txt': 'a', 'b.txt': 'b', 'old.txt': 'old' });
    const mtime = statSync(join(site, 'a.txt')).mtimeMs;
    expect(buildWith(site, { 'a.txt': 'a', 'b.txt': 'B' })).toMatchObject({ written: 1, unchanged: 1, removed: 1, bytesWritten: 1 });
    expect(statSync(join(site, 'a.txt')).mtimeMs).toBe(mtime);
    expect(readFileSync(join(site, 'b.txt'), 'utf8')).toBe('B');
    expect(existsSync(join(site, 'old.txt'))).toBe(false);
  });
  it('rewrites a file of its own that is missing or was changed by hand', () => {
    const { site } = freshSite();
    buildWith(site, { 'a.txt': 'a', 'b.txt': 'b' });
    writeFileSync(join(site, 'a.txt'), 'edited by hand');
    rmSync(join(site, 'b.txt'));
    expect(buildWith(site, { 'a.txt': 'a', 'b.txt': 'b' })).toMatchObject({ written: 2, unchanged: 0 });
    expect(readFileSync(join(site, 'a.txt'), 'utf8')).toBe('a');
  });
  it('keeps a file it no longer writes when its bytes changed since it wrote them', () => {
    const { site } = freshSite();
    buildWith(site, { 'a.txt': 'a', 'gone.txt': 'mine' });
    writeFileSync(join(site, 'gone.txt'), 'now someone else’s');
    expect(buildWith(site, { 'a.txt': 'a' })).toMatchObject({ removed: 0, kept: ['gone.txt'] });
    expect(readFileSync(join(site, 'gone.txt'), 'utf8')).toBe('now someone else’s');
  });
  it('allows .gitkeep files in a folder without a record', () => {
    const { site } = freshSite();
    mkdirSync(join(site, 'en'), { recursive: true });
    writeFileSync(join(site, '.gitkeep'), '');
    writeFileSync(join(site, 'en', '.gitkeep'), '');
    expect(buildWith(site, { 'en/rss.xml': '<rss/>' }).written).toBe(1);
    expect(existsSync(join(site, 'en', '.gitkeep'))).toBe(true);
  });
  it('under --force, adopts a file that already holds the bytes it would write, without writing it', () => {
    const { site } = freshSite();
    mkdirSync(site);
    writeFileSync(join(site, 'a.txt'), 'a');
    writeFileSync(join(site, 'mine.txt'), 'mine');
    expect(buildWith(site, { 'a.txt': 'a', 'b.txt': 'b' }, true)).toMatchObject({ written: 1, unchanged: 1, overwritten: [] });
    expect(buildWith(site, { 'b.txt': 'b' })).toMatchObject({ removed: 1 });
    expect(readFileSync(join(site, 'mine.txt'), 'utf8')).toBe('mine');
  });
  it('refuses a file where it must write a folder, and a folder where it must write a file, even under --force', () => {
    const { site } = freshSite();
    mkdirSync(join(site, 'b.txt'), { recursive: true });
    writeFileSync(join(site, 'en'), 'a file');
    expect(refusal(() => buildWith(site, { 'en/rss.xml': 'x' }, true)).message).toMatch(/site\/en: is a file, but the build writes a folder there \(for en\/rss\.xml\)/);
    expect(refusal(() => buildWith(site, { 'b.txt': 'x' }, true)).message).toMatch(/site\/b\.txt: is a folder, but the build writes a file there/);
  });
  it('never follows a record outside the folder: such a record is refused, and ignored under --force', () => {
    const { root, site } = freshSite();
    mkdirSync(site);
    writeFileSync(join(root, 'victim.txt'), 'keep me');
    writeFileSync(join(site, RECORD_FILE), JSON.stringify({ files: { '../victim.txt': sha256('keep me') } }));
    const error = refusal(() => new OutputFolder(site, { force: false }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`${RECORD_FILE}: is not a record rojname build wrote ("../victim.txt" is not a path inside the folder)`);
    buildWith(site, { 'a.txt': 'a' }, true);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('keep me');
  });
  it('leaves nothing behind when the build fails before commit', () => {
    const { site } = freshSite();
    buildWith(site, { 'a.txt': 'a' });
    const record = readFileSync(join(site, RECORD_FILE), 'utf8');
    const folder = new OutputFolder(site, { force: false });
    folder.put('a.txt', 'changed');
    folder.discard();
    expect(readdirSync(site).sort()).toEqual([RECORD_FILE, 'a.txt']);
    expect(readFileSync(join(site, 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(site, RECORD_FILE), 'utf8')).toBe(record);
  });
});

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTranslations } from '../../src/i18n/check-locales.js';
import { createTranslator, describeLocalesDir, LOCALES_DIR, LocaleFilesError, readLocaleResources } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { formatProblem, parseJson, readLocaleFiles } from '../../src/i18n/locale-files.js';

/** A fresh copy of the shipped locale files. */
function copyLocales(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rojname-locales-')), 'locales');
  cpSync(LOCALES_DIR, dir, { recursive: true });
  return dir;
}

describe('parseJson', () => {
  it('names a trailing comma at the comma, by line and column', () => {
    const value = parseJson('{\n  "a": "x",\n  "b": "y",\n}\n');
    expect(value).toEqual({ error: { line: 3, column: 11, message: 'trailing comma before "}": remove this comma' } });
  });
  it('names a missing comma where the next key starts', () => {
    const value = parseJson('{\n  "a": "x"\n  "b": "y"\n}');
    expect(value).toEqual({ error: { line: 3, column: 3, message: "Expected ',' or '}' after property value" } });
  });
  it('names a file that ends too early at its end', () => {
    const value = parseJson('{\n  "a": "x"');
    expect(value).toEqual({ error: { line: 2, column: 11, message: 'the file ends too early: a closing } or " is missing' } });
  });
  it('parses valid JSON', () => {
    expect(parseJson('{"a":{"b":"c"}}')).toEqual({ value: { a: { b: 'c' } } });
  });
});

describe('readLocaleFiles', () => {
  it('reads every language and the English descriptions, with no problem, from the shipped folder', () => {
    const files = readLocaleFiles(defaultLanguages, LOCALES_DIR);
    expect(files.problems).toEqual([]);
    expect(Object.keys(files.resources)).toEqual(['en', 'ckb', 'kmr', 'ar']);
    expect(Object.keys(files.resources.ar!).sort()).toEqual(['common', 'topics']);
    expect(Object.keys(files.descriptions).sort()).toEqual(['common', 'topics']);
  });
  it('reports a JSON syntax error as file:line:column, and leaves that file out', () => {
    const dir = copyLocales();
    const path = join(dir, 'ar', 'common.json');
    // The slip that used to crash `locales check` with a stack trace: a comma after the last entry.
    const text = readFileSync(path, 'utf8');
    const end = text.lastIndexOf('"') + 1;
    writeFileSync(path, `${text.slice(0, end)},${text.slice(end)}`);
    const line = text.slice(0, end).split('\n').length;
    const column = end - text.lastIndexOf('\n', end - 1);
    const files = readLocaleFiles(defaultLanguages, dir, { root: 'locales' });
    const expected = `locales/ar/common.json:${line}:${column}: trailing comma before "}": remove this comma`;
    expect(files.problems.map(formatProblem)).toEqual([expected]);
    expect(files.resources.ar!.common).toBeUndefined();
    // …and it is reported once: not again as a missing file, nor its keys as missing.
    expect(checkTranslations(defaultLanguages, files).map(formatProblem)).toEqual([expected]);
  });
  it('names a value that is not text by its key', () => {
    const dir = copyLocales();
    const path = join(dir, 'kmr', 'topics.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"ol"', '12'));
    const files = readLocaleFiles(defaultLanguages, dir, { root: 'locales' });
    expect(files.problems).toEqual([{ file: 'locales/kmr/topics.json', key: 'medtop.12000000', message: 'must be text in double quotes, not a number' }]);
  });
  it('names a missing language folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rojname-locales-')), 'locales');
    const files = readLocaleFiles(defaultLanguages, dir, { root: 'locales' });
    expect(files.problems.map((p) => [p.file, p.message])).toEqual(['en', 'ckb', 'kmr', 'ar'].map((tag) => [`locales/${tag}/`, 'cannot read the folder (ENOENT)']));
  });
  it('accepts a byte-order mark, as some editors write one', () => {
    const dir = copyLocales();
    const path = join(dir, 'ckb', 'topics.json');
    writeFileSync(path, `\uFEFF${readFileSync(path, 'utf8')}`);
    expect(readLocaleFiles(defaultLanguages, dir).problems).toEqual([]);
  });
  it('refuses descriptions outside the English folder', () => {
    const dir = copyLocales();
    writeFileSync(join(dir, 'ckb', 'common.descriptions.json'), '{}');
    expect(readLocaleFiles(defaultLanguages, dir, { root: 'locales' }).problems).toEqual([
      { file: 'locales/ckb/common.descriptions.json', key: '', message: 'descriptions live in locales/en/ only (translators read the en ones)' },
    ]);
  });
});

describe('readLocaleResources', () => {
  it('throws one error naming every file it cannot use', () => {
    const dir = copyLocales();
    writeFileSync(join(dir, 'en', 'topics.json'), '{ "medtop": { } ');
    let error: unknown;
    try {
      readLocaleResources(defaultLanguages, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocaleFilesError);
    expect((error as LocaleFilesError).message).toBe(`${describeLocalesDir(dir)}/en/topics.json:1:17: the file ends too early: a closing } or " is missing`);
  });
});

describe('describeLocalesDir', () => {
  it('is relative inside the working directory and absolute outside it', () => {
    expect(describeLocalesDir('/work/x/locales', '/work/x')).toBe('locales');
    expect(describeLocalesDir('/tmp/y/locales', '/work/x')).toBe('/tmp/y/locales');
  });
});

describe('Translator.reload', () => {
  it('swaps every language\'s texts in place: a fixed t handed out before sees the new ones', () => {
    const resources = readLocaleResources(defaultLanguages);
    const translator = createTranslator(defaultLanguages, structuredClone(resources));
    const t = translator.t('kmr');
    expect(t('labels.feeds')).toBe('Herikên nûçeyan');
    const next = structuredClone(resources);
    (next.kmr!.common!.labels as Record<string, string>).feeds = 'Feed';
    delete (next.kmr!.common!.labels as Record<string, string>).noStories;
    translator.reload(next);
    expect(t('labels.feeds')).toBe('Feed');
    // A key removed from the files is gone, not kept from before.
    expect(t('labels.noStories')).toBe('labels.noStories');
    expect(translator.t('ar')('labels.feeds')).toBe('الخلاصات');
  });
});

import { describe, expect, it } from 'vitest';
import { checkDescriptions, checkKeyUsage, checkLocaleFolder } from '../../src/i18n/check-locales.js';
import type { DynamicKey } from '../../src/i18n/dynamic-keys.js';
import { LOCALES_DIR } from '../../src/i18n/i18n.js';
import { blankComments, scanKeyUsage, scanSource, type KeyUsage } from '../../src/i18n/key-usage.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { readLocaleFiles } from '../../src/i18n/locale-files.js';

/** The keys (and built patterns) one snippet of code names, with their lines. */
function scan(code: string): { keys: Record<string, number[]>; built: Record<string, number[]> } {
  const usage: KeyUsage = { keys: new Map(), built: new Map(), templates: new Set() };
  scanSource(code, 'src/x.ts', usage);
  const lines = (m: KeyUsage['keys']) => Object.fromEntries([...m].map(([k, sites]) => [k, sites.map((s) => s.line)]));
  return { keys: lines(usage.keys), built: lines(usage.built) };
}

function usageOf(keys: string[], built: string[] = [], templates: string[] = []): KeyUsage {
  const site = [{ file: 'src/x.ts', line: 1 }];
  return { keys: new Map(keys.map((k) => [k, site])), built: new Map(built.map((k) => [k, site])), templates: new Set(templates) };
}

describe('scanSource finds the keys the code names', () => {
  it('in t(…) calls with either quote', () => {
    expect(scan(`t('labels.feeds');\nt("topics:medtop.01000000", { x: 1 });`).keys).toEqual({ 'common:labels.feeds': [1], 'topics:medtop.01000000': [2] });
  });
  it('through a variable given a fixed t, and a parameter typed Translate', () => {
    const code = `const en = s.translator.t('en');\nen('site.name');\nfunction f(tr: Translate) { return tr('labels.noStories'); }`;
    // `.t('en')` is a language, not a key.
    expect(scan(code).keys).toEqual({ 'common:site.name': [2], 'common:labels.noStories': [3] });
  });
  it('passed with a translate function to a helper', () => {
    expect(scan(`buildDateLine(t, 'labels.published', iso, lang);`).keys).toEqual({ 'common:labels.published': [1] });
  });
  it('as a path into an imported English file', () => {
    const code = `import english from '../../locales/en/common.json' with { type: 'json' };\nconst x = english.labels.skipToContent;`;
    expect(scan(code).keys).toEqual({ 'common:labels.skipToContent': [2] });
  });
  it('built at run time, as a pattern', () => {
    expect(scan('t(`languageNames.${from}` as \'languageNames.en\');\nt(`topics:medtop.${code}`);')).toEqual({ keys: {}, built: { 'common:languageNames.*': [1], 'topics:medtop.*': [2] } });
  });
  it('but not in comments, nor in calls of other functions', () => {
    const code = `// t('labels.feeds')\n/* t('labels.noStories') */\nel('p', undefined, 'labels.validate');\nobj.t('labels.languages');`;
    expect(scan(code).keys).toEqual({});
  });
});

describe('blankComments', () => {
  it('blanks comments, keeps line breaks, strings and regular expressions', () => {
    const code = "const a = '// not a comment'; // gone\nconst r = /['\"]\\/\\//g; /* gone\ntoo */ t('x');";
    const blank = (n: number) => ' '.repeat(n);
    expect(blankComments(code)).toBe(`const a = '// not a comment'; ${blank(7)}\nconst r = /['"]\\/\\//g; ${blank(7)}\n${blank(6)} t('x');`);
  });
});

describe('checkKeyUsage', () => {
  const source = { common: { labels: { feeds: 'Feeds', unused: 'Nobody' }, counts: { stories_one: '{{count}} story', stories_other: '{{count}} stories' }, languageNames: { en: 'English', ckb: 'Central Kurdish', kmr: 'Northern Kurdish' } } };
  const dynamic: DynamicKey[] = [{ pattern: 'languageNames.*', builtBy: 'the credit line', values: (l) => l.tags }];
  const check = (usage: KeyUsage, keys: readonly DynamicKey[] = dynamic) => checkKeyUsage(defaultLanguages, source, usage, keys);

  it('names a key no code uses, once, in the English file', () => {
    expect(check(usageOf(['common:labels.feeds', 'common:counts.stories'], ['common:languageNames.*']))).toEqual([
      { file: 'locales/en/common.json', key: 'languageNames.ar', message: 'missing (built by the credit line)' },
      { file: 'locales/en/common.json', key: 'labels.unused', message: 'no code uses this key: remove it from every language (or, if the code builds it at run time, declare it in src/i18n/dynamic-keys.ts)' },
    ]);
  });
  it('names a key the code uses that English lacks, with where it is used', () => {
    const problems = check(usageOf(['common:labels.feeds', 'common:labels.unused', 'common:counts.stories', 'common:labels.gone'], ['common:languageNames.*']));
    expect(problems).toContainEqual({ file: 'locales/en/common.json', key: 'labels.gone', message: 'missing, but the code uses it (src/x.ts:1)' });
  });
  it('names a key built at run time that is not declared, and a declaration nothing builds', () => {
    const problems = check(usageOf(['common:labels.feeds', 'common:labels.unused', 'common:counts.stories'], ['common:labels.*']));
    expect(problems).toContainEqual({ file: 'src/x.ts', key: 'labels.*', message: 'the key is built at run time (line 1) but not declared in src/i18n/dynamic-keys.ts' });
    expect(problems).toContainEqual({ file: 'src/i18n/dynamic-keys.ts', key: 'languageNames.*', message: 'declared, but no code in src/ builds this key any more: remove the entry' });
  });
  it('counts a declared key as built when the code builds it apart from the call', () => {
    const problems = check(usageOf(['common:labels.feeds', 'common:labels.unused', 'common:counts.stories'], [], ['languageNames.*']));
    expect(problems.map((p) => p.key)).toEqual(['languageNames.ar']);
  });
});

describe('checkDescriptions', () => {
  const source = { common: { labels: { photoCredit: 'Photo: {{credit}}', feeds: 'Feeds' }, counts: { stories_one: '{{count}} story', stories_other: '{{count}} stories' } } };
  const FILE = 'locales/en/common.descriptions.json';
  it('passes descriptions of every key that explain every placeholder', () => {
    const descriptions = { common: { labels: { photoCredit: 'Under the photo; {{credit}} is who took it.', feeds: 'A heading.' }, counts: { stories: '{{count}} is how many.' } } };
    expect(checkDescriptions(source, descriptions)).toEqual([]);
  });
  it('names a key without a description, a placeholder left unexplained, and a description of no key', () => {
    const descriptions = { common: { labels: { photoCredit: 'Under the photo.', typo: 'A heading.' }, counts: { stories_one: 'One story.', stories: '{{count}} is how many.' } } };
    expect(checkDescriptions(source, descriptions)).toEqual([
      { file: FILE, key: 'labels.photoCredit', message: 'the description does not say what {{credit}} holds' },
      { file: FILE, key: 'labels.feeds', message: 'no description: say what the text is, where readers see it and what each placeholder holds' },
      { file: FILE, key: 'labels.typo', message: 'describes a key that locales/en/common.json does not have' },
      { file: FILE, key: 'counts.stories_one', message: 'describes a key that locales/en/common.json does not have (describe a plural key once, as "counts.stories")' },
    ]);
  });
  it('names a missing descriptions file', () => {
    expect(checkDescriptions(source, {})).toEqual([{ file: FILE, key: '', message: 'file is missing: every key of locales/en/common.json needs a description' }]);
  });
});

describe('the repository', () => {
  it('has no locale problem: every key used, described and translated, every built key declared', () => {
    expect(checkLocaleFolder(defaultLanguages, readLocaleFiles(defaultLanguages, LOCALES_DIR), scanKeyUsage())).toEqual([]);
  });
  it('uses the keys the pages and feeds show, as the scan sees them', () => {
    const usage = scanKeyUsage();
    expect(usage.keys.get('common:counts.minutesToRead')?.map((s) => s.file)).toEqual(['src/pages/article.ts']);
    expect(usage.keys.get('common:labels.correction')?.map((s) => s.file)).toEqual(['src/i18n/localize.ts']);
    expect([...usage.built.keys()]).toContain('common:languageNames.*');
  });
});

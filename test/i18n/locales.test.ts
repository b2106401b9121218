import { describe, expect, it } from 'vitest';
import { checkLocales } from '../../src/i18n/check-locales.js';
import { createTranslator, readLocaleResources, type Resources } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';

const real = () => readLocaleResources(defaultLanguages);

describe('the shipped locale files', () => {
  it('are complete in every language', () => {
    expect(checkLocales(defaultLanguages, real())).toEqual([]);
  });
  it('give Arabic all six plural forms', () => {
    const t = createTranslator(defaultLanguages).t('ar');
    const forms = [0, 1, 2, 3, 11, 100].map((count) => t('counts.stories', { count }));
    expect(new Set(forms).size).toBe(6);
    expect(forms[3]).toBe('3 أخبار');
  });
  it('translate per language with a fixed t, without escaping values', () => {
    const tr = createTranslator(defaultLanguages);
    expect(tr.t('ckb')('labels.photoCredit', { credit: '<NATO & co>' })).toBe('وێنە: <NATO & co>');
    expect(tr.t('en')('labels.photoCredit', { credit: 'NATO' })).toBe('Photo: NATO');
    expect(tr.t('kmr')('topics:medtop.16000000')).toBe('pevçûn, şer û aştî');
  });
});

describe('checkLocales names each problem', () => {
  function broken(mutate: (r: Resources) => void): Resources {
    const r = real();
    mutate(r);
    return r;
  }
  const common = (r: Resources, lang: string) => r[lang]!.common as Record<string, Record<string, string>>;

  it('a missing key', () => {
    const r = broken((x) => delete common(x, 'ckb').labels!.readMore);
    expect(checkLocales(defaultLanguages, r)).toEqual([{ file: 'locales/ckb/common.json', key: 'labels.readMore', message: 'missing' }]);
  });
  it('a broken placeholder', () => {
    const r = broken((x) => (common(x, 'kmr').labels!.photoCredit = 'Wêne: {{kredit}}'));
    expect(checkLocales(defaultLanguages, r)).toEqual([
      { file: 'locales/kmr/common.json', key: 'labels.photoCredit', message: 'placeholder {{credit}} is missing' },
      { file: 'locales/kmr/common.json', key: 'labels.photoCredit', message: 'placeholder {{kredit}} is not in the source text' },
    ]);
  });
  it('a missing plural form', () => {
    const r = broken((x) => delete common(x, 'ar').counts!.stories_few);
    expect(checkLocales(defaultLanguages, r)).toEqual([
      { file: 'locales/ar/common.json', key: 'counts.stories_few', message: 'missing plural form "few" (ar needs: few, many, one, two, zero, other)' },
    ]);
  });
  it('a plural form the language does not use', () => {
    const r = broken((x) => (common(x, 'kmr').counts!.stories_few = '{{count}} nûçe'));
    expect(checkLocales(defaultLanguages, r)).toEqual([
      { file: 'locales/kmr/common.json', key: 'counts.stories_few', message: 'plural form "few" is not used in kmr (it uses: one, other)' },
    ]);
  });
  it('English left in an Arabic-script file', () => {
    const r = broken((x) => (common(x, 'ar').labels!.home = 'Home'));
    expect(checkLocales(defaultLanguages, r)).toEqual([{ file: 'locales/ar/common.json', key: 'labels.home', message: 'Latin text left untranslated: Home' }]);
  });
  it('an unknown key and an empty value', () => {
    const r = broken((x) => {
      common(x, 'ckb').labels!.typo = 'x';
      common(x, 'ckb').labels!.home = ' ';
    });
    expect(checkLocales(defaultLanguages, r)).toEqual([
      { file: 'locales/ckb/common.json', key: 'labels.home', message: 'empty' },
      { file: 'locales/ckb/common.json', key: 'labels.typo', message: 'unknown key (not in en)' },
    ]);
  });
});

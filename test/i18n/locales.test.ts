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

describe('what readers see in each language', () => {
  const tr = createTranslator(defaultLanguages);
  it('credit the translator in the language\'s own word order', () => {
    const credit = (lang: string, by: string) => tr.t(lang)('labels.translatedBy', { language: tr.t(lang)('languageNames.en'), name: by });
    // Sorani "from" is the circumposition لە…ەوە
    expect(credit('ckb', 'بەشی وەرگێڕانی ڕۆژنامە')).toBe('وەرگێڕان لە ئینگلیزییەوە: بەشی وەرگێڕانی ڕۆژنامە');
    expect(credit('kmr', 'Beşa Wergerê ya Rojnameyê')).toBe('Werger ji Îngilîzî: Beşa Wergerê ya Rojnameyê');
    expect(credit('ar', 'قسم الترجمة في روجنامه')).toBe('ترجمة عن الإنجليزية: قسم الترجمة في روجنامه');
  });
  it('keep every Sorani language name ending in ی, so «لە …یەوە» stays right for any source', () => {
    const names = real().ckb!.common!.languageNames as Record<string, string>;
    for (const name of Object.values(names)) expect(name).toMatch(/ی$/);
    expect(tr.t('ckb')('labels.translatedBy', { language: tr.t('ckb')('languageNames.kmr'), name: 'x' })).toBe('وەرگێڕان لە کرمانجییەوە: x');
  });
  it('name Sorani and Kurmanji as readers do, not by linguists\' labels', () => {
    const names = (lang: string) => [tr.t(lang)('languageNames.ckb'), tr.t(lang)('languageNames.kmr')];
    expect(names('ckb')).toEqual(['سۆرانی', 'کرمانجی']);
    expect(names('kmr')).toEqual(['Soranî', 'Kurmancî']);
    expect(names('ar')).toEqual(['الكردية (السورانية)', 'الكردية (الكرمانجية)']);
    expect(defaultLanguages.get('ckb').endonym).toBe('کوردی (سۆرانی)');
    expect(defaultLanguages.get('kmr').endonym).toBe('Kurmancî');
    expect(tr.t('ckb')('feed.title')).toBe('ڕۆژنامە — هەواڵ بە کوردی (سۆرانی)');
  });
  it.each(['ckb', 'ar'])('%s starts the rights line right to left and isolates a Latin provider name', (lang) => {
    const rights = tr.t(lang)('feed.rights', { year: '2021', provider: 'Kurdistan 24' });
    expect(rights.startsWith('\u200F© 2021 \u2068Kurdistan 24\u2069. ')).toBe(true);
    expect(rights).not.toMatch(/[\u202A-\u202E]/); // marks and isolates only, never embeddings or overrides
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
    const r = broken((x) => delete common(x, 'ckb').labels!.feeds);
    expect(checkLocales(defaultLanguages, r)).toEqual([{ file: 'locales/ckb/common.json', key: 'labels.feeds', message: 'missing' }]);
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
    const r = broken((x) => (common(x, 'ar').labels!.feeds = 'Feeds'));
    expect(checkLocales(defaultLanguages, r)).toEqual([{ file: 'locales/ar/common.json', key: 'labels.feeds', message: 'Latin text left untranslated: Feeds' }]);
  });
  it('an unknown key and an empty value', () => {
    const r = broken((x) => {
      common(x, 'ckb').labels!.typo = 'x';
      common(x, 'ckb').labels!.feeds = ' ';
    });
    expect(checkLocales(defaultLanguages, r)).toEqual([
      { file: 'locales/ckb/common.json', key: 'labels.feeds', message: 'empty' },
      { file: 'locales/ckb/common.json', key: 'labels.typo', message: 'unknown key (not in en)' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadSampleArticle } from '../../src/article/sample.js';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';

const checkArticle = createArticleChecker(defaultLanguages);
const stamped = (a: object) => ({ version: 1, firstCreated: '2021-02-18T16:30:00.000Z', versionCreated: '2021-02-18T16:30:00.000Z', ...a });

describe('the sample story in four languages', () => {
  const { article } = loadSampleArticle();

  it('has every registry language', () => {
    expect(Object.keys(article.localizations).sort()).toEqual(['ar', 'ckb', 'en', 'kmr']);
  });
  it('passes the canonical schema', () => {
    expect(() => checkArticle(stamped(article))).not.toThrow();
  });
  it.each(['ckb', 'kmr', 'ar'])('%s is a complete translation of the English version 1', (lang) => {
    const loc = article.localizations[lang]!;
    expect(loc.body).toHaveLength(article.localizations.en!.body.length);
    expect(loc.translation).toMatchObject({ from: 'en', fromVersion: 1 });
    expect(article.located.name[lang]).toBeTruthy();
    expect(article.images[0]!.caption[lang]).toBeTruthy();
    expect(article.images[0]!.alt[lang]).toBeTruthy();
    for (const block of loc.body) expect(block.text.length).toBeGreaterThan(40);
  });
  it.each(['ckb', 'ar'])('%s carries no Latin text but the acronym NMI', (lang) => {
    const loc = article.localizations[lang]!;
    const texts = [loc.headline, loc.summary, loc.dateline, loc.slug, loc.translation!.by, ...loc.body.map((b) => b.text), article.images[0]!.caption[lang]!];
    const words = texts.join(' ').match(/[a-zA-Z]+/g) ?? [];
    expect(words.filter((w) => w !== 'NMI')).toEqual([]);
  });
  it('keeps Sorani letters Sorani and Arabic letters Arabic', () => {
    const ckb = JSON.stringify(article.localizations.ckb);
    const ar = JSON.stringify(article.localizations.ar);
    expect(ckb).not.toMatch(/[\u0643\u064A]/); // Arabic kaf, yeh
    expect(ckb).toMatch(/[\u06A9\u06CC\u06D5]/); // Sorani keheh, yeh, ae
    expect(ar).not.toMatch(/[\u06A9\u06CC\u06D5\u06CE\u06C6\u0695\u06B5]/);
  });
  it.each([
    ['ckb', ['ستۆلتنبێرگ', 'کازمی', 'بەغدا', 'هەولێر']],
    ['kmr', ['Stoltenberg', 'Kazimî', 'Bexda', 'Hewlêr']],
    ['ar', ['ستولتنبرغ', 'الكاظمي', 'بغداد', 'أربيل']],
  ])('%s writes the names as its press does', (lang, names) => {
    const text = JSON.stringify(article.localizations[lang]) + article.located.name[lang];
    for (const name of names) expect(text).toContain(name);
  });
});

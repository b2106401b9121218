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
    ['ckb', ['یێنس ستۆڵتنبێرگ', 'ستۆڵتنبێرگ', 'کازمی', 'بەغدا', 'هەولێر']],
    ['kmr', ['Stoltenberg', 'Kazimî', 'Bexda', 'Hewlêr']],
    ['ar', ['ستولتنبرغ', 'الكاظمي', 'بغداد', 'أربيل']],
  ])('%s writes the names as its press does', (lang, names) => {
    const text = JSON.stringify(article.localizations[lang]) + article.located.name[lang];
    for (const name of names) expect(text).toContain(name);
  });
  it('ckb spells Jens Stoltenberg as the Sorani press does, everywhere', () => {
    const text = JSON.stringify(article.localizations.ckb) + article.images[0]!.caption.ckb + article.images[0]!.alt.ckb;
    expect(text).not.toContain('ستۆلتنبێرگ'); // with plain ل
    expect(text).not.toMatch(/(^|[^\u0600-\u06FF])ینس/); // «ینس» reads /yins/
    expect(text.match(/ستۆڵتنبێرگ/g)).toHaveLength(5);
  });
  // "the international alliance" in ¶1 is NATO; «هاوپەیمانیی نێودەوڵەتی», «Hevpeymaniya Navneteweyî» and
  // «التحالف الدولي» are the fixed names of the US-led anti-ISIS Coalition, a different body.
  it.each([
    ['ckb', /هاوپەیمانیی?[ەئ]?\S*\s+نێودەوڵەتی/, 'هاوپەیمانییەکە بڕیاری داوە'],
    ['kmr', /hevpeymaniya\s+navneteweyî/i, 'hevpeymaniyê biryar daye'],
    ['ar', /(الحلف|التحالف)\s+الدولي/, 'أن الحلف قرر'],
  ] as const)('%s does not call NATO by the anti-ISIS Coalition\'s name', (lang, coalition, alliance) => {
    const loc = article.localizations[lang]!;
    const text = [loc.headline, loc.summary, ...loc.body.map((b) => b.text)].join('\n');
    expect(text).not.toMatch(coalition);
    expect(loc.body[0]!.text).toContain(alliance);
  });
  it('kmr keeps its case and ezafe grammar', () => {
    const body = article.localizations.kmr!.body.map((b) => b.text);
    expect(body[1]).toContain('welatên endam ên NATOyê'); // member countries, not "countries of the members"
    expect(body[1]).not.toContain('endamên NATOyê');
    expect(body[2]).toContain('misoger bikin ku DAIŞ venegere'); // make sure, not "confirm"
    expect(body[2]).toContain('derveyî paytext Bexdayê bigirin');
    expect(body[5]).toContain('efserên erkanê, şêwirmendan û karmendên piştgiriyê'); // oblique plural after ji
  });
  it('ar says the Danish command runs to the end of 2022', () => {
    expect(article.localizations.ar!.body[6]!.text).toContain('حتى نهاية عام 2022');
  });
  it('credits the translation desk in each language', () => {
    expect(article.localizations.kmr!.translation!.by).toBe('Beşa Wergerê ya Rojnameyê');
    expect(article.localizations.ckb!.translation!.by).toBe('بەشی وەرگێڕانی ڕۆژنامە');
    expect(article.localizations.ar!.translation!.by).toBe('قسم الترجمة في روجنامه');
  });
});

describe('seeding', () => {
  it('seeds once when two starts race on one empty store (replicas starting together)', async () => {
    const { openRuntime, seedSample } = await import('../../src/runtime.js');
    const { store } = openRuntime(':memory:');
    const [a, b] = await Promise.all([seedSample(store), seedSample(store)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.article.id).toBe(b.article.id);
    expect(await store.history(a.article.id)).toHaveLength(1);
    await store.close();
  });
});

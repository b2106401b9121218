import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importWireCopy, type WireCopyOptions } from '../../src/article/wirecopy.js';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ValidationError } from '../../src/validate/problems.js';

const SAMPLE = readFileSync(new URL('../../content/sample/en.txt', import.meta.url), 'utf8');
const options = (): WireCopyOptions => ({
  language: 'en',
  published: '2021-02-18T19:30:00+03:00',
  providerUri: 'https://www.kurdistan24.net/',
  subjects: [{ code: 'medtop:16000000' }],
  image: { url: '/media/nato-mission-iraq.jpg', mediaType: 'image/jpeg', width: 1200, height: 675 },
});
const checkArticle = createArticleChecker(defaultLanguages);
const stamped = (a: object) => ({ version: 1, firstCreated: '2021-02-18T16:30:00.000Z', versionCreated: '2021-02-18T16:30:00.000Z', ...a });

describe('importWireCopy on the sample story', () => {
  const { article, notes } = importWireCopy(SAMPLE, options());
  const en = article.localizations.en!;

  it('is identical to the shipped seed file', () => {
    expect(readFileSync('../shared/seed/000_2e83952078ae9557.txt', 'utf8')).toBe(SAMPLE);
  });
  it('reads the headline', () => {
    expect(en.headline).toBe('NATO announces eight-fold increase in number of forces in Iraq');
  });
  it('keeps the duplicated caption once, with its credit outside the parentheses', () => {
    expect(article.images).toHaveLength(1);
    expect(article.images[0]!.credit).toBe('NATO');
    expect(article.images[0]!.caption.en).toBe(
      'NATO Secretary General Jens Stoltenberg talks to NATO trainers and Iraqi troops during a visit to the NATO Training Camp in Iraq, Mar. 5, 2018.',
    );
    expect(notes).toContainEqual({ line: 3, message: 'the photo caption appears 2 times; kept once' });
  });
  it('splits the dateline into place and source, and locates the place in the gazetteer', () => {
    expect(article.located).toEqual({ name: { en: 'Erbil', ckb: 'هەولێر', kmr: 'Hewlêr', ar: 'أربيل' }, countryCode: 'IQ', geonamesId: 95446 });
    expect(article.provider.name).toBe('Kurdistan 24');
    expect(en.dateline).toBe('ERBIL (Kurdistan 24)');
  });
  it('keeps 7 body paragraphs, the first without its dateline, quotes intact', () => {
    expect(en.body).toHaveLength(7);
    expect(en.body[0]!.text.startsWith('The head of the North Atlantic Treaty Organization (NATO) announced')).toBe(true);
    expect(en.body[2]!.text.startsWith('"Today we discussed')).toBe(true);
    expect(en.body[1]!.text.endsWith('"the decision is to increase the number of mission personnel from 500 to 4,000."')).toBe(true);
    expect(en.body.at(-1)!.text).toBe(
      "In November, the mission's Canadian leadership transferred command of NATO forces in Iraq to Denmark, which will retain its leadership role through 2022.",
    );
  });
  it('names John J. Catherine as editor, not author', () => {
    expect(article.contributors).toEqual([{ name: 'John J. Catherine', role: 'editor' }]);
  });
  it('produces an article that passes the schema', () => {
    expect(() => checkArticle(stamped(article))).not.toThrow();
  });
  it('derives a stable id from date, headline and text when none is given', () => {
    const { id: _id, ...rest } = options();
    const a = importWireCopy(SAMPLE, rest).article.id;
    expect(a).toMatch(/^2021-02-18-nato-announces-eight-fold-increase-in-[0-9a-f]{8}$/);
    expect(importWireCopy(SAMPLE, rest).article.id).toBe(a);
  });
});

describe('importWireCopy on variants', () => {
  it('accepts CRLF line ends and gives the same article', () => {
    const crlf = importWireCopy(SAMPLE.replace(/\n/g, '\r\n'), options()).article;
    expect(crlf).toEqual(importWireCopy(SAMPLE, options()).article);
  });
  it('ignores extra blank lines and trailing spaces', () => {
    const spaced = SAMPLE.replace(/\n\n/g, '\n\n\n  \n').replace(/\n/g, '  \n');
    expect(importWireCopy(spaced, options()).article.localizations.en!.body).toHaveLength(7);
  });
  it('joins hard-wrapped paragraph lines', () => {
    const wrapped = SAMPLE.replace('held at the end of the second day', 'held at the end\nof the second day');
    expect(importWireCopy(wrapped, options()).article.localizations.en!.body[1]!.text).toContain('held at the end of the second day');
  });
  it('works without a caption, and says the image has none', () => {
    const noCaption = SAMPLE.split('\n').filter((l) => !l.includes('(Photo: NATO)')).join('\n');
    const { article, notes } = importWireCopy(noCaption, options());
    expect(article.images).toEqual([]);
    expect(notes.map((n) => n.message)).toContain('an image was given but the copy has no caption for it');
    expect(article.localizations.en!.body).toHaveLength(7);
  });
  it('works without a trailer, and reports the missing editor', () => {
    const noTrailer = SAMPLE.replace('\n\nEditing by John J. Catherine', '');
    const { article, notes } = importWireCopy(noTrailer, options());
    expect(article.contributors).toEqual([]);
    expect(article.localizations.en!.body).toHaveLength(7);
    expect(notes.map((n) => n.message)).toContain('no trailer naming an author or editor');
  });
  it('reads a combined trailer with several roles', () => {
    const text = SAMPLE.replace('Editing by John J. Catherine', 'Reporting by Jane Roe; Editing by John J. Catherine');
    expect(importWireCopy(text, options()).article.contributors).toEqual([
      { name: 'Jane Roe', role: 'author' },
      { name: 'John J. Catherine', role: 'editor' },
    ]);
  });
  it('refuses copy without a headline, with a clear error', () => {
    const noHeadline = SAMPLE.split('\n').slice(2).join('\n');
    expect(() => importWireCopy(noHeadline, options())).toThrow(ValidationError);
    try {
      importWireCopy(noHeadline, options());
    } catch (e) {
      expect((e as ValidationError).problems[0]).toEqual({
        pointer: '/headline',
        message: 'line 1 is not a headline (a headline is one short line, followed by a blank line); the copy seems to have none',
      });
    }
  });
  it('refuses empty copy', () => {
    expect(() => importWireCopy(' \n\n', options())).toThrow(/the copy is empty/);
  });
  it('reports a first paragraph without a dateline and refuses to guess the place', () => {
    const noDateline = SAMPLE.replace('ERBIL (Kurdistan 24) – ', '');
    expect(() => importWireCopy(noDateline, options())).toThrow(/dateline place could not be recognised/);
  });
  it('reads a dateline with a country and an ASCII hyphen', () => {
    const text = SAMPLE.replace('ERBIL (Kurdistan 24) –', 'BAGHDAD, Iraq (Reuters) -');
    const { article } = importWireCopy(text, options());
    expect(article.located).toMatchObject({ countryCode: 'IQ', geonamesId: 98182 });
    expect(article.located.name.en).toBe('Baghdad');
    expect(article.provider.name).toBe('Reuters');
    expect(article.localizations.en!.dateline).toBe('BAGHDAD, Iraq (Reuters)');
  });
});

/** A story around `lead` (the first body paragraph) in `language`, with a second paragraph and an English trailer. */
const story = (lead: string, trailer = 'Editing by Jane Doe') => `Headline of the story\n\n${lead}\n\nThe second paragraph.\n\n${trailer}\n`;
const optionsIn = (language: string, extra: Partial<WireCopyOptions> = {}): WireCopyOptions => ({ ...options(), image: undefined, language, countryInput: '--country', ...extra });
const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('no error');
};

describe('datelines in every script and convention', () => {
  const cases: [string, string, string, { place: string; source: string; dateline: string; lead: string }][] = [
    ['Kurdistan 24 English, en dash', 'en', 'ERBIL (Kurdistan 24) – Text.', { place: 'Erbil', source: 'Kurdistan 24', dateline: 'ERBIL (Kurdistan 24)', lead: 'Text.' }],
    ['Reuters with its date, hyphen', 'en', 'BAGHDAD, Feb 18 (Reuters) - Text.', { place: 'Baghdad', source: 'Reuters', dateline: 'BAGHDAD, Feb 18 (Reuters)', lead: 'Text.' }],
    ['AP, em dash', 'en', 'DAMASCUS, Syria (AP) — Text.', { place: 'Damascus', source: 'AP', dateline: 'DAMASCUS, Syria (AP)', lead: 'Text.' }],
    ['AFP in title case, a known place', 'en', 'Qamishli (AFP) - Text.', { place: 'Qamishli', source: 'AFP', dateline: 'Qamishli (AFP)', lead: 'Text.' }],
    ['a doubled hyphen, another spelling', 'en', 'IRBIL (Reuters) -- Text.', { place: 'Erbil', source: 'Reuters', dateline: 'IRBIL (Reuters)', lead: 'Text.' }],
    ['Turkish capitals with dotted İ', 'en', 'İSTANBUL (AA) - Text.', { place: 'Istanbul', source: 'AA', dateline: 'İSTANBUL (AA)', lead: 'Text.' }],
    ['Kurmanji capitals', 'kmr', 'HEWLÊR (Kurdistan 24) – Nivîs.', { place: 'Erbil', source: 'Kurdistan 24', dateline: 'HEWLÊR (Kurdistan 24)', lead: 'Nivîs.' }],
    ['Kurmanji title case, without the circumflex', 'kmr', 'Hewler (K24) – Nivîs.', { place: 'Erbil', source: 'K24', dateline: 'Hewler (K24)', lead: 'Nivîs.' }],
    ['Sorani, Arabic-Indic digits', 'ckb', 'هەولێر (کوردستان ٢٤) – دەق.', { place: 'Erbil', source: 'کوردستان ٢٤', dateline: 'هەولێر (کوردستان ٢٤)', lead: 'دەق.' }],
    ['Sorani, Persian digits, RLM marks and a narrow no-break space', 'ckb', '\u200Fسلێمانی\u200F (کوردستان ۲۴)\u202F- دەق.', { place: 'Sulaimani', source: 'کوردستان ۲۴', dateline: 'سلێمانی (کوردستان ۲۴)', lead: 'دەق.' }],
    ['Sorani typed on an Arabic keyboard (ي ك ه)', 'ckb', 'كه‌ركووك (کوردستان24) - دەق.', { place: 'Kirkuk', source: 'کوردستان24', dateline: 'كه‌ركووك (کوردستان24)', lead: 'دەق.' }],
    ['Arabic, Western digits, dash on the parenthesis', 'ar', 'أربيل (كوردستان 24)- نص.', { place: 'Erbil', source: 'كوردستان 24', dateline: 'أربيل (كوردستان 24)', lead: 'نص.' }],
    ['Arabic without the hamza, an Arabic comma and a region', 'ar', 'اربيل، إقليم كوردستان (كوردستان 24) - نص.', { place: 'Erbil', source: 'كوردستان 24', dateline: 'اربيل، إقليم كوردستان (كوردستان 24)', lead: 'نص.' }],
    ['Reuters Arabic with a date', 'ar', 'بغداد 18 فبراير شباط (رويترز) - نص.', { place: 'Baghdad', source: 'رويترز', dateline: 'بغداد 18 فبراير شباط (رويترز)', lead: 'نص.' }],
    ['AFP Arabic, tatweel as the dash', 'ar', 'دمشق (أ ف ب) ـ نص.', { place: 'Damascus', source: 'أ ف ب', dateline: 'دمشق (أ ف ب)', lead: 'نص.' }],
    ['Arabic press, colon style, Arabic-Indic digits', 'ar', 'أربيل - كوردستان ٢٤: نص.', { place: 'Erbil', source: 'كوردستان ٢٤', dateline: 'أربيل - كوردستان ٢٤', lead: 'نص.' }],
    ['MENA, colon style without spaces', 'ar', 'بغداد-أ ش أ: نص.', { place: 'Baghdad', source: 'أ ش أ', dateline: 'بغداد - أ ش أ', lead: 'نص.' }],
    ['Arabic source in guillemets', 'ar', 'الموصل - «الشرق الأوسط»: نص.', { place: 'Mosul', source: 'الشرق الأوسط', dateline: 'الموصل - «الشرق الأوسط»', lead: 'نص.' }],
    ['Rudaw English, no source', 'en', 'ERBIL, Kurdistan Region - Text.', { place: 'Erbil', source: 'Rudaw', dateline: 'ERBIL, Kurdistan Region', lead: 'Text.' }],
    ['Anadolu Arabic on its own line', 'ar', 'أنقرة/ الأناضول\nنص.', { place: 'Ankara', source: 'الأناضول', dateline: 'أنقرة/ الأناضول', lead: 'نص.' }],
    ['SANA on its own line', 'ar', 'دمشق-سانا\nنص.', { place: 'Damascus', source: 'سانا', dateline: 'دمشق-سانا', lead: 'نص.' }],
    ['Rudaw Arabic, source first', 'ar', 'رووداو - أربيل\nنص.', { place: 'Erbil', source: 'رووداو', dateline: 'رووداو - أربيل', lead: 'نص.' }],
    ['Rudaw Sorani, no separator', 'ckb', 'ڕووداو هەولێر\nدەق.', { place: 'Erbil', source: 'ڕووداو', dateline: 'ڕووداو هەولێر', lead: 'دەق.' }],
  ];
  it.each(cases)('%s', (_, language, lead, want) => {
    const { article } = importWireCopy(story(lead), optionsIn(language, { providerName: 'Rudaw' }));
    const l = article.localizations[language]!;
    expect({ place: article.located.name.en, source: article.provider.name, dateline: l.dateline, lead: l.body[0]!.text }).toEqual(want);
    expect(l.body).toHaveLength(2);
  });
  it('reads a dateline that stands alone as a paragraph, and starts the body after it', () => {
    const { article } = importWireCopy(story('أنقرة/ الأناضول\n\nنص الخبر.'), optionsIn('ar'));
    expect(article.localizations.ar!.body.map((b) => b.text)).toEqual(['نص الخبر.', 'The second paragraph.']);
  });
  it('does not read a sentence as a dateline', () => {
    for (const lead of ["Iraq's Prime Minister (PM) - said on Monday.", 'Protests in Baghdad\ncontinued.', 'Erbil-based companies (KRG) - grew.']) {
      expect(problemsOf(() => importWireCopy(story(lead), optionsIn('en')))[0]!.pointer).toBe('/located/name');
    }
  });
  it('does not take a source-less "PLACE -" for a dateline unless the gazetteer knows the place', () => {
    expect(problemsOf(() => importWireCopy(story('NATO - The alliance said.'), optionsIn('en', { providerName: 'Rudaw' })))[0]!.pointer).toBe('/located/name');
  });
  it('refuses a newsroom dateline, which names no place', () => {
    expect(problemsOf(() => importWireCopy(story('Navenda Nûçeyan (K24) – Nivîs.'), optionsIn('kmr')))[0]).toEqual({
      pointer: '/located/name',
      message: 'the dateline "Navenda Nûçeyan (K24)" names the newsroom, not a place; write the place in the dateline (e.g. "Hewlêr (K24) –")',
    });
  });
  it('summarizes Arabic-script copy by its first sentence', () => {
    const { article } = importWireCopy(story('أربيل (كوردستان 24)- استأنف مطار أربيل الدولي رحلاته إلى أوروبا. وقال مدير المطار إن الرحلة الأولى أقلعت.'), optionsIn('ar'));
    expect(article.localizations.ar!.summary).toBe('استأنف مطار أربيل الدولي رحلاته إلى أوروبا.');
  });
});

describe('the country is never guessed', () => {
  it('takes the country of a known place from the gazetteer (DAMASCUS is SY, not IQ), with no note', () => {
    const { article, notes } = importWireCopy(story('DAMASCUS (Reuters) – Text.'), optionsIn('en'));
    expect(article.located).toEqual({ name: { en: 'Damascus', ckb: 'دیمەشق', kmr: 'Şam', ar: 'دمشق' }, countryCode: 'SY', geonamesId: 170654 });
    expect(notes.map((n) => n.message).join('\n')).not.toContain('gazetteer');
  });
  it('refuses an unknown place without a country, naming the place and the input', () => {
    expect(problemsOf(() => importWireCopy(story('ZAWITA (Kurdistan 24) – Text.'), optionsIn('en')))).toEqual([
      { pointer: '--country', message: 'the dateline place "ZAWITA" is not in the gazetteer (content/places.json), so its country is not known: give it, e.g. --country IQ' },
    ]);
    expect(problemsOf(() => importWireCopy(story('ZAWITA (Kurdistan 24) – Text.'), optionsIn('en', { countryInput: '?country' })))[0]!.message).toMatch(/give it, e\.g\. \?country=IQ$/);
  });
  it('accepts an unknown place with a country (any case), and says so in a note', () => {
    const { article, notes } = importWireCopy(story('قەڵادزێ (کوردستان24) - دەق.'), optionsIn('ckb', { countryCode: 'iq' }));
    expect(article.located).toEqual({ name: { ckb: 'قەڵادزێ' }, countryCode: 'IQ' });
    expect(notes).toContainEqual({ line: 3, message: 'the dateline place "قەڵادزێ" is not in the gazetteer (content/places.json); country IQ as given (--country), no GeoNames id' });
  });
  it('refuses a country that contradicts the gazetteer', () => {
    expect(problemsOf(() => importWireCopy(story('ERBIL (Kurdistan 24) – Text.'), optionsIn('en', { countryCode: 'SY' })))[0]).toEqual({
      pointer: '--country',
      message: 'SY contradicts the gazetteer: the dateline place "ERBIL" is Erbil (GeoNames 95446), in IQ; leave --country out or give IQ',
    });
  });
  it('accepts a country that agrees with the gazetteer', () => {
    expect(importWireCopy(story('ERBIL (Kurdistan 24) – Text.'), optionsIn('en', { countryCode: 'IQ' })).article.located.geonamesId).toBe(95446);
  });
  it.each(['IRQ', 'XX', 'ZZ', 'EU', '', 'i1'])('refuses %j as a country code', (code) => {
    expect(problemsOf(() => importWireCopy(story('ZAWITA (Kurdistan 24) – Text.'), optionsIn('en', { countryCode: code })))[0]).toEqual({
      pointer: '--country',
      message: `"${code}" is not an ISO 3166-1 alpha-2 country code (e.g. --country IQ for Iraq)`,
    });
  });
});

describe('trailers in every language', () => {
  const cases: [string, string, { name: string; role: string }[]][] = [
    ['Reuters English', 'Reporting by Lina Haddad and Omar Ali in Mosul; Additional reporting by Karim Saleh; Editing by Tom Hale', [
      { name: 'Lina Haddad', role: 'author' }, { name: 'Omar Ali', role: 'author' }, { name: 'Karim Saleh', role: 'author' }, { name: 'Tom Hale', role: 'editor' },
    ]],
    ['English translation and photos', 'Translated by Dana Omar; Photos by Sara Aziz', [{ name: 'Dana Omar', role: 'translator' }, { name: 'Sara Aziz', role: 'photographer' }]],
    ['Arabic, colon style', 'إعداد: هيفاء علي؛ تحرير: سامان كريم', [{ name: 'هيفاء علي', role: 'author' }, { name: 'سامان كريم', role: 'editor' }]],
    ['Arabic, one per line', 'كتابة: هيفاء علي\nترجمة: عمر خالد\nتصوير: سارة عزيز', [{ name: 'هيفاء علي', role: 'author' }, { name: 'عمر خالد', role: 'translator' }, { name: 'سارة عزيز', role: 'photographer' }]],
    ['Reuters Arabic, in parentheses', '(شارك في التغطية أحمد رشيد - إعداد سامر خليل للنشرة العربية - تحرير ليلى حداد)', [
      { name: 'أحمد رشيد', role: 'author' }, { name: 'سامر خليل', role: 'translator' }, { name: 'ليلى حداد', role: 'editor' },
    ]],
    ['Sorani, two names', 'ئامادەکردنی: هێمن ئەحمەد و شیلان کەریم', [{ name: 'هێمن ئەحمەد', role: 'author' }, { name: 'شیلان کەریم', role: 'author' }]],
    ['Sorani, several roles', 'نووسینی: شیلان کەریم | وەرگێڕانی: دانا عومەر | دەستکاریکردنی: ئاراس مەحمود | وێنە: ڕێژین عەلی', [
      { name: 'شیلان کەریم', role: 'author' }, { name: 'دانا عومەر', role: 'translator' }, { name: 'ئاراس مەحمود', role: 'editor' }, { name: 'ڕێژین عەلی', role: 'photographer' },
    ]],
    ['Kurmanji', 'Amadekirin: Rêzan Ehmed û Berfîn Silêman; Werger: Dilovan Xalid; Edîtor: Rojda Aydın', [
      { name: 'Rêzan Ehmed', role: 'author' }, { name: 'Berfîn Silêman', role: 'author' }, { name: 'Dilovan Xalid', role: 'translator' }, { name: 'Rojda Aydın', role: 'editor' },
    ]],
    ['Kurmanji in capitals, without diacritics', 'AMADEKIRIN: Rezan Ehmed', [{ name: 'Rezan Ehmed', role: 'author' }]],
  ];
  it.each(cases)('%s', (_, trailer, contributors) => {
    const { article } = importWireCopy(story('ERBIL (Kurdistan 24) – Text.', trailer), optionsIn('en'));
    expect(article.contributors).toEqual(contributors);
    expect(article.localizations.en!.body.map((b) => b.text)).toEqual(['Text.', 'The second paragraph.']);
  });
  it('leaves a last paragraph that only starts like a trailer in the body', () => {
    for (const last of ['تحرير الموصل من داعش كلف آلاف الأرواح', 'Constructor: Jane Doe', 'Editing by ' + 'a '.repeat(10)]) {
      const { article, notes } = importWireCopy(story('ERBIL (Kurdistan 24) – Text.', last), optionsIn('en'));
      expect(article.contributors).toEqual([]);
      expect(article.localizations.en!.body.at(-1)!.text).toBe(last.trim());
      expect(notes.map((n) => n.message)).toContain('no trailer naming an author or editor');
    }
  });
});

describe('captions in every language', () => {
  const image = { url: '/media/photo.jpg', mediaType: 'image/jpeg', width: 1200, height: 800 } as const;
  it.each([
    ['en', 'Jens Stoltenberg in Erbil. (Photo by Jane Doe/AFP)', 'Jens Stoltenberg in Erbil.', 'Jane Doe/AFP'],
    ['kmr', 'Rêwî li balafirgehê. (Wêne: Kurdistan24)', 'Rêwî li balafirgehê.', 'Kurdistan24'],
    ['kmr', 'Rêwî li balafirgehê. (Foto: AFP)', 'Rêwî li balafirgehê.', 'AFP'],
    ['ckb', 'گەشتیاران لە فڕۆکەخانە. (وێنە: کوردستان24)', 'گەشتیاران لە فڕۆکەخانە.', 'کوردستان24'],
    ['ckb', 'گەشتیاران لە فڕۆکەخانە. (فۆتۆ: ڕووداو)', 'گەشتیاران لە فڕۆکەخانە.', 'ڕووداو'],
    ['ar', 'وزير الكهرباء في بغداد. (الصورة: رويترز)', 'وزير الكهرباء في بغداد.', 'رويترز'],
    ['ar', 'وزير الكهرباء في بغداد. (تصوير: سارة عزيز)', 'وزير الكهرباء في بغداد.', 'سارة عزيز'],
  ])('%s: %s', (language, line, caption, credit) => {
    const copy = `Headline of the story\n\n${line}\n\nERBIL (Kurdistan 24) – Text.\n\nEditing by Jane Doe\n`;
    const { article } = importWireCopy(copy, optionsIn(language, { image }));
    expect(article.images.map((i) => ({ caption: i.caption[language], credit: i.credit }))).toEqual([{ caption, credit }]);
  });
});

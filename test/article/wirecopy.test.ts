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
  it('splits the dateline into place and source', () => {
    expect(article.located.name).toEqual({ en: 'Erbil' });
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
    expect(article.located.name.en).toBe('Baghdad');
    expect(article.provider.name).toBe('Reuters');
    expect(article.localizations.en!.dateline).toBe('BAGHDAD, Iraq (Reuters)');
  });
});

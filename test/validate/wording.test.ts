import { describe, expect, it } from 'vitest';
import { buildArticleSchema } from '../../src/article/schema.js';
import type { Article } from '../../src/article/types.js';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { type Problem, ValidationError } from '../../src/validate/problems.js';
import { closestName, describeProblem, labelOf, PATTERN_WORDS } from '../../src/validate/wording.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';

const check = createArticleChecker(defaultLanguages);

/** A stored article as the store checks it: the input plus the fields it owns, each call fresh. */
function stored(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...makeArticle(), version: 1, firstCreated: '2024-05-06T06:00:00.000Z', versionCreated: '2024-05-06T06:00:00.000Z', ...overrides };
}

function problemsOf(value: unknown): Problem[] {
  try {
    check(value);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

const withLocalization = (overrides: Record<string, unknown>) => stored({ localizations: { en: { ...makeLocalization(), ...overrides } } });

describe('article problems in words: each names its field and says what it must be', () => {
  const cases: [string, Record<string, unknown>, Problem][] = [
    ['pattern: a date and time', stored({ published: 'yesterday' }), { pointer: '/published', message: 'published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "yesterday"' }],
    ['pattern: a date without an offset', stored({ embargoedUntil: '2021-02-18T19:30:00' }), { pointer: '/embargoedUntil', message: 'embargoedUntil must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "2021-02-18T19:30:00"' }],
    ['format: a date that is not one', stored({ embargoedUntil: '2021-02-30T25:00:00Z' }), { pointer: '/embargoedUntil', message: 'embargoedUntil must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "2021-02-30T25:00:00Z"' }],
    ['pattern: an id', stored({ id: 'Erbil_Library' }), { pointer: '/id', message: 'id must be 3 to 64 lowercase letters a–z, digits and hyphens, starting and ending with a letter or digit, e.g. 2021-02-18-nato-iraq-mission, not "Erbil_Library"' }],
    ['pattern: a slug', withLocalization({ slug: 'erbil--library' }), { pointer: '/localizations/en/slug', message: 'localizations.en.slug must be letters and digits of any script joined by single hyphens, e.g. nato-mission-iraq (no spaces, no hyphen at either end), not "erbil--library"' }],
    ['pattern: a country code', stored({ located: { name: { en: 'Erbil' }, countryCode: 'Iraq' } }), { pointer: '/located/countryCode', message: 'located.countryCode must be an ISO 3166-1 alpha-2 country code in capitals, e.g. IQ, not "Iraq"' }],
    ['pattern: a Media Topic code', stored({ subjects: [{ code: 'politics' }] }), { pointer: '/subjects/0/code', message: 'subjects[0].code must be an IPTC Media Topic code, "medtop:" and 8 digits, e.g. medtop:16000000, not "politics"' }],
    ['pattern: a provider URL', stored({ provider: { name: 'Rojname', uri: 'urn:x:y' } }), { pointer: '/provider/uri', message: 'provider.uri must be an absolute http or https URL in ASCII characters, e.g. https://www.kurdistan24.net/, not "urn:x:y"' }],
    ['pattern: an image URL', stored({ images: [{ url: 'media/x.jpg', mediaType: 'image/jpeg', width: 10, height: 10, credit: 'C', caption: {}, alt: {} }] }), { pointer: '/images/0/url', message: 'images[0].url must be an absolute http or https URL, or a path on this service such as /media/nato-mission-iraq.jpg, without spaces, not "media/x.jpg"' }],
    ['pattern: a character text cannot carry', withLocalization({ headline: 'Bell\u0007 rings' }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline contains U+0007 at position 4: a character XML 1.0 cannot carry' }],
    ['enum: a language tag', stored({ sourceLanguage: 'ku' }), { pointer: '/sourceLanguage', message: 'sourceLanguage must be a supported language tag (en, ckb, kmr, ar), not "ku"' }],
    ['enum: a translation source', stored({ localizations: { en: makeLocalization(), ar: makeLocalization({ translation: { from: 'english', fromVersion: 1, by: 'Desk' } }) } }), { pointer: '/localizations/ar/translation/from', message: 'localizations.ar.translation.from must be a supported language tag (en, ckb, kmr, ar), not "english"' }],
    ['enum: a status', stored({ pubStatus: 'live' }), { pointer: '/pubStatus', message: 'pubStatus must be one of usable, withheld, canceled, not "live"' }],
    ['required', (() => { const { provider: _p, ...rest } = stored(); return rest; })(), { pointer: '/provider', message: 'provider is required' }],
    ['required, nested', stored({ localizations: { en: (() => { const { slug: _s, ...rest } = makeLocalization(); return rest; })() } }), { pointer: '/localizations/en/slug', message: 'localizations.en.slug is required' }],
    ['additionalProperties: a typo', withLocalization({ headlin: 'Erbil' }), { pointer: '/localizations/en/headlin', message: 'localizations.en.headlin is not a field of localizations.en: did you mean headline?' }],
    ['additionalProperties: another spelling', stored({ source_language: 'en' }), { pointer: '/source_language', message: 'source_language is not a field of the article: did you mean sourceLanguage?' }],
    ['additionalProperties: nothing close', stored({ colour: 'red' }), { pointer: '/colour', message: 'colour is not a field of the article (its fields: id, version, pubStatus, embargoedUntil, firstCreated, versionCreated, published, sourceLanguage, provider, located, subjects, contributors, images, signal, edNote, localizations)' }],
    ['type', stored({ subjects: 'politics' }), { pointer: '/subjects', message: 'subjects must be a list (a JSON array), not "politics"' }],
    ['type: a whole number', stored({ located: { name: { en: 'Erbil' }, countryCode: 'IQ', geonamesId: 95446.5 } }), { pointer: '/located/geonamesId', message: 'located.geonamesId must be a whole number, not 95446.5' }],
    ['minLength', withLocalization({ headline: '' }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline must not be empty' }],
    ['maxLength, with the limit', withLocalization({ headline: 'x'.repeat(1001) }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline is too long: 1001 characters, at most 1000' }],
    ['minItems', withLocalization({ body: [] }), { pointer: '/localizations/en/body', message: 'localizations.en.body must have at least one block (it is empty)' }],
    ['maxItems', stored({ images: Array.from({ length: 21 }, () => ({ url: '/media/x.jpg', mediaType: 'image/jpeg', width: 10, height: 10, credit: 'C', caption: {}, alt: {} })) }), { pointer: '/images', message: 'images has 21 images; at most 20 are allowed' }],
    ['minProperties', stored({ located: { name: {}, countryCode: 'IQ' } }), { pointer: '/located/name', message: 'located.name must have at least one language (it is empty)' }],
    ['minimum', stored({ images: [{ url: '/media/x.jpg', mediaType: 'image/jpeg', width: 0, height: 10, credit: 'C', caption: {}, alt: {} }] }), { pointer: '/images/0/width', message: 'images[0].width must be at least 1, not 0' }],
    ['maximum', stored({ images: [{ url: '/media/x.jpg', mediaType: 'image/jpeg', width: 10, height: 100_001, credit: 'C', caption: {}, alt: {} }] }), { pointer: '/images/0/height', message: 'images[0].height must be at most 100000, not 100001' }],
    ['propertyNames: an unknown language', stored({ localizations: { en: makeLocalization(), de: makeLocalization() } }), { pointer: '/localizations/de', message: 'localizations.de is not a supported language (supported: en, ckb, kmr, ar)' }],
    ['propertyNames: an unknown language in a caption', stored({ images: [{ url: '/media/x.jpg', mediaType: 'image/jpeg', width: 10, height: 10, credit: 'C', caption: { fr: 'x' }, alt: {} }] }), { pointer: '/images/0/caption/fr', message: 'images[0].caption.fr is not a supported language (supported: en, ckb, kmr, ar)' }],
    ['uniqueItems', stored({ subjects: [{ code: 'medtop:05000000' }, { code: 'medtop:01000000' }, { code: 'medtop:05000000' }] }), { pointer: '/subjects', message: 'subjects has the same subject twice: subjects[0] and subjects[2]' }],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(problemsOf(value)).toEqual([expected]);
  });

  it('says a field with a pattern and a format once, and lists every other problem', () => {
    expect(problemsOf(stored({ published: 'soon', pubStatus: 'live' }))).toEqual([
      { pointer: '/pubStatus', message: 'pubStatus must be one of usable, withheld, canceled, not "live"' },
      { pointer: '/published', message: 'published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "soon"' },
    ]);
  });

  it('has words for every pattern the article schema uses', () => {
    const patterns = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'pattern' && typeof value === 'string') patterns.add(value);
          else walk(value);
        }
      }
    };
    walk(buildArticleSchema(defaultLanguages.tags));
    // The text-safety pattern is described by the character it refuses, not in PATTERN_WORDS.
    const unworded = [...patterns].filter((p) => !(p in PATTERN_WORDS) && !p.startsWith('^[^'));
    expect(unworded).toEqual([]);
    expect(patterns.size).toBe(Object.keys(PATTERN_WORDS).length + 1);
  });

  it('shortens a long value it quotes', () => {
    const [problem] = problemsOf(stored({ pubStatus: 'p'.repeat(100) }));
    expect(problem!.message).toBe(`pubStatus must be one of usable, withheld, canceled, not "${'p'.repeat(60)}…"`);
  });
});

describe('labelOf', () => {
  it('reads a pointer as a field path', () => {
    expect([labelOf('/localizations/en/body/0/text'), labelOf('/images/2/caption/ckb'), labelOf('/a~1b/c~0d'), labelOf('', 'the article'), labelOf('?status')]).toEqual([
      'localizations.en.body[0].text',
      'images[2].caption.ckb',
      'a/b.c~d',
      'the article',
      '?status',
    ]);
  });
});

describe('closestName', () => {
  it('finds a typo, a case or separator slip, and nothing for an unrelated name', () => {
    const known = ['headline', 'summary', 'dateline', 'slug', 'body', 'translation'];
    expect([closestName('headlin', known), closestName('Summary', known), closestName('date_line', known), closestName('sulg', known), closestName('colour', known)]).toEqual([
      'headline',
      'summary',
      'dateline',
      'slug',
      undefined,
    ]);
  });
});

describe('closestName on hostile input', () => {
  it('refuses a huge unknown name at once, without comparing it letter by letter', () => {
    const started = performance.now();
    expect(closestName('h'.repeat(1_000_000), ['headline', 'summary'])).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('describeProblem (one line for the command line)', () => {
  const flags = { '/published': '--published', '/subjects/*/code': '--subject' };
  it('names the flag that set the field instead of the field', () => {
    const [problem] = problemsOf(stored({ published: 'yesterday' }));
    expect(describeProblem(problem!, 'the article', flags)).toBe('--published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "yesterday"');
  });
  it('names the flag before a message that does not name its field', () => {
    expect(describeProblem({ pointer: '/subjects/1/code', message: 'medtop:99999999 is not an IPTC Media Topic' }, 'the article', flags)).toBe('--subject: medtop:99999999 is not an IPTC Media Topic');
  });
  it('keeps a worded message as it is, and puts the pointer before any other', () => {
    expect(describeProblem({ pointer: '/provider', message: 'provider is required' })).toBe('provider is required');
    expect(describeProblem({ pointer: '/sourceLanguage', message: 'names "ar", which has no localization' })).toBe('/sourceLanguage: names "ar", which has no localization');
    expect(describeProblem({ pointer: '', message: 'must be a JSON object' })).toBe('/: must be a JSON object');
  });
});

describe('the article check keeps its other rules', () => {
  it('still reports the cross-field rules after the schema passes', () => {
    const article = stored({ sourceLanguage: 'ar' }) as unknown as Article;
    expect(problemsOf(article)).toEqual([{ pointer: '/sourceLanguage', message: 'names "ar", which has no localization' }]);
  });
});

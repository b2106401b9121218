import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_LIMITS } from '../../src/article/shape.js';
import { admin, makeHarness, newStory, type Harness } from '../http/harness.js';
import { expectEveryOutput, expectProblemList } from './outputs.js';
import { anyText } from './text.js';

/**
 * Issue 8, item 1: whatever an editor sends, the answer is a 400 listing the problems, or a story
 * whose every output is served and well formed (and, for a sample, passes the official schemas).
 * Never a 5xx, never a third outcome.
 */

const LANGS = ['en', 'ckb', 'kmr', 'ar'] as const;
const json = (extra: Record<string, string> = {}) => admin({ 'content-type': 'application/json', ...extra });
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Stories are built loosely on purpose: the tests put anything anywhere. */
type Story = Record<string, any>;

/** A story that uses every text field: quote with cite, heading, image, contributors, place names, translations. */
function fullStory(id: string, langs: readonly string[]): Story {
  const story = newStory(id, [...langs], { edNote: 'Corrected the place name.' }) as Story;
  for (const lang of langs) {
    story.localizations[lang].body.push({ type: 'quote', text: `A quote in ${lang}.`, cite: 'The mayor' }, { type: 'heading', text: `A heading in ${lang}` });
  }
  story.located = { name: Object.fromEntries(langs.map((l) => [l, `Erbil ${l}`])), countryCode: 'IQ', geonamesId: 95446 };
  story.contributors = [{ name: 'Jane Doe', role: 'author' }, { name: 'John Roe', role: 'editor' }];
  story.images = [
    {
      url: '/media/nato-mission-iraq.jpg',
      mediaType: 'image/jpeg',
      width: 1200,
      height: 675,
      credit: 'NATO',
      caption: Object.fromEntries(langs.map((l) => [l, `Caption ${l}`])),
      alt: Object.fromEntries(langs.map((l) => [l, `Alt ${l}`])),
    },
  ];
  return story;
}

/** Where an arbitrary text goes: every text field of the article (and the ids, dates and URLs). */
const FIELDS: Record<string, (s: Story, lang: string, text: string) => void> = {
  headline: (s, l, t) => (s.localizations[l].headline = t),
  summary: (s, l, t) => (s.localizations[l].summary = t),
  dateline: (s, l, t) => (s.localizations[l].dateline = t),
  slug: (s, l, t) => (s.localizations[l].slug = t),
  paragraph: (s, l, t) => (s.localizations[l].body[0].text = t),
  quote: (s, l, t) => (s.localizations[l].body[1].text = t),
  cite: (s, l, t) => (s.localizations[l].body[1].cite = t),
  heading: (s, l, t) => (s.localizations[l].body[2].text = t),
  translator: (s, l, t) => {
    if (s.localizations[l].translation) s.localizations[l].translation.by = t;
  },
  providerName: (s, _l, t) => (s.provider.name = t),
  providerUri: (s, _l, t) => (s.provider.uri = t),
  place: (s, l, t) => (s.located.name[l] = t),
  contributor: (s, _l, t) => (s.contributors[1].name = t),
  credit: (s, _l, t) => (s.images[0].credit = t),
  caption: (s, l, t) => (s.images[0].caption[l] = t),
  alt: (s, l, t) => (s.images[0].alt[l] = t),
  imageUrl: (s, _l, t) => (s.images[0].url = t),
  edNote: (s, _l, t) => (s.edNote = t),
  id: (s, _l, t) => (s.id = t),
  published: (s, _l, t) => (s.published = t),
  subject: (s, _l, t) => (s.subjects[0].code = t),
  country: (s, _l, t) => (s.located.countryCode = t),
};

let h: Harness;
let serial = 0;
let officialChecks = 4;
beforeAll(async () => {
  h = await makeHarness();
  for (const lang of LANGS) await h.store.create(fullStory(`put-target-${lang}`, [lang, ...LANGS.filter((l) => l !== lang)]));
});

const changeCount = async () => (await h.store.changes(0, Number.MAX_SAFE_INTEGER)).length;

/** Sends a story by POST (new id) or PUT (over an existing story); checks the one outcome or the other. */
async function sendStory(story: Story, method: 'POST' | 'PUT', target: string): Promise<'accepted' | 'refused'> {
  const before = await changeCount();
  let res: Response;
  if (method === 'POST') {
    res = await h.app.request('/api/articles', { method, headers: json(), body: JSON.stringify(story) });
  } else {
    const current = (await h.store.get(target))!;
    res = await h.app.request(`/api/articles/${target}`, { method, headers: json({ 'if-match': `"${current.version}"` }), body: JSON.stringify(story) });
  }
  expect([method === 'POST' ? 201 : 200, 400], await res.clone().text().then((t) => t.slice(0, 800))).toContain(res.status);
  if (res.status === 400) {
    await expectProblemList(res);
    expect(await changeCount()).toBe(before);
    return 'refused';
  }
  const { id } = (await res.json()) as { id: string };
  const stored = (await (await h.app.request(`/api/articles/${id}`, { headers: admin() })).json()) as Story;
  // Stored as sent, in NFC.
  for (const [lang, loc] of Object.entries(story.localizations as Record<string, { headline: string; body: { text: string }[] }>)) {
    expect(stored.localizations[lang].headline).toBe(loc.headline.normalize('NFC'));
    expect(stored.localizations[lang].body[0].text).toBe(loc.body[0]!.text.normalize('NFC'));
  }
  await expectEveryOutput(h, id, Object.keys(stored.localizations), officialChecks-- > 0);
  return 'accepted';
}

describe('arbitrary Unicode in every text field', () => {
  it('is refused with a list of problems, or published in every format', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([...LANGS], { minLength: 1 }),
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(FIELDS)), fc.nat(3), anyText), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('POST', 'PUT'),
        async (langs, edits, method) => {
          const target = `put-target-${langs[0]}`;
          const story = method === 'POST' ? fullStory(`fuzz-${++serial}`, langs) : fullStory(target, [langs[0]!, ...LANGS.filter((l) => l !== langs[0])]);
          const present = Object.keys(story.localizations);
          for (const [field, which, text] of edits) FIELDS[field]!(story, present[which % present.length]!, text);
          outcomes[await sendStory(story, method, target)]++;
        },
      ),
      { numRuns: 120, seed: Number(process.env.FUZZ_SEED ?? 8) },
    );
    // Both outcomes happen: the generator reaches past the checks, not only into them.
    expect(outcomes.accepted).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  }, 240_000);

  it('keeps markup, CDATA ends, entity references and allowed controls as text in every format (official schemas)', async () => {
    const story = fullStory('nasty-but-allowed', [...LANGS]);
    const nasty = '<script>alert(1)</script> ]]> ]]> &nbsp; &amp; \u200f\u2067هەولێر\u2069 👩🏽‍💻 e\u0301 \u00a0';
    const withBreaks = `${nasty}\ttab\nline`;
    for (const lang of LANGS) for (const field of ['headline', 'summary', 'dateline', 'paragraph', 'quote', 'cite', 'heading', 'caption', 'alt']) FIELDS[field]!(story, lang, `${withBreaks} ${lang}`);
    for (const field of ['providerName', 'contributor', 'credit', 'edNote', 'translator', 'place']) for (const lang of LANGS) FIELDS[field]!(story, lang, nasty);
    officialChecks = 1;
    expect(await sendStory(story, 'POST', '')).toBe('accepted');
  }, 60_000);

  it('refuses a tab or line break in a name, which NewsML-G2 cannot carry, naming the character', async () => {
    const story = fullStory('name-with-tab', ['en', 'ar']);
    for (const field of ['providerName', 'contributor', 'translator', 'place']) for (const lang of ['en', 'ar']) FIELDS[field]!(story, lang, 'Jane\tDoe\n');
    const res = await h.app.request('/api/articles', { method: 'POST', headers: json(), body: JSON.stringify(story) });
    const message = 'contains U+0009 at position 4: a name is one line (NewsML-G2 allows no tab or line break in it)';
    expect((await expectProblemList(res)).errors).toEqual(
      ['/provider/name', '/located/name/en', '/located/name/ar', '/contributors/1/name', '/localizations/ar/translation/by'].map((pointer) => ({ pointer, message })),
    );
  });

  it('publishes a body at the limits: 10,000 blocks, one of 1,000,000 characters', async () => {
    const story = fullStory('at-the-limits', ['en']);
    story.localizations.en.body = Array.from({ length: 10_000 }, (_, i) => ({ type: 'paragraph', text: i === 0 ? 'ب'.repeat(1_000_000) : `Paragraph ${i} ]]> &nbsp;` }));
    expect(await sendStory(story, 'POST', '')).toBe('accepted');
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON: a document is a tree of raw tokens, so it can hold what JSON.stringify never
// writes (1e309, duplicate keys, own `__proto__` keys, -0, 30-digit integers) and nesting that no
// recursive serializer survives.

class Raw {
  constructor(readonly text: string) {}
}
class Obj {
  constructor(readonly entries: readonly (readonly [string, Json])[]) {}
}
type Json = Raw | Obj | Json[];

function toJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) return new Obj(Object.entries(value).map(([k, v]) => [k, toJson(v)] as const));
  return new Raw(JSON.stringify(value));
}

function serialize(j: Json): string {
  if (j instanceof Raw) return j.text;
  if (j instanceof Obj) return `{${j.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  return `[${j.map(serialize).join(',')}]`;
}

type Op = (j: Json) => Json;

/** Applies `op` to the node a path of child indexes leads to (each taken modulo the node's size). */
function applyAt(j: Json, path: readonly number[], op: Op): Json {
  const [step, ...rest] = path;
  if (step === undefined) return op(j);
  if (j instanceof Obj && j.entries.length > 0) {
    const i = step % j.entries.length;
    return new Obj(j.entries.map(([k, v], n) => [k, n === i ? applyAt(v, rest, op) : v] as const));
  }
  if (Array.isArray(j) && j.length > 0) {
    const i = step % j.length;
    return j.map((v, n) => (n === i ? applyAt(v, rest, op) : v));
  }
  return op(j);
}

const NUMBER_TOKENS = ['1e309', '-1e309', '1E400', '-0', '0.0', '1e-400', '123456789012345678901234567890', '9007199254740993', '1.5', '-1', '0', '1', '100001', '4.9e-324'];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'id', 'en', 'ar', 'xx', 'localizations', 'body', 'text', 'headline', 'type', '', ' ', '$ref', 'polluted'];
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...NUMBER_TOKENS).map((t) => new Raw(t)),
  fc.double().map((n) => new Raw(Number.isFinite(n) ? String(n) : '1e309')),
  fc.constantFrom('true', 'false', 'null').map((t) => new Raw(t)),
  anyText.map((t) => new Raw(JSON.stringify(t))),
);
const { tree } = fc.letrec<{ tree: Json }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }).map((entries) => new Obj(entries)),
  ),
}));

const DEPTHS = [SHAPE_LIMITS.depth, SHAPE_LIMITS.depth + 1, 1_000, 100_000];
const ops: fc.Arbitrary<Op> = fc.oneof(
  tree.map((value): Op => () => value),
  fc.tuple(key, tree).map(([k, value]): Op => (j) => (j instanceof Obj ? new Obj([...j.entries, [k, value]]) : value)),
  // A duplicate of a key already there: JSON.parse keeps the last.
  tree.map((value): Op => (j) => (j instanceof Obj && j.entries.length > 0 ? new Obj([...j.entries, [j.entries[0]![0], value]]) : j)),
  fc.tuple(fc.constantFrom(...DEPTHS), fc.boolean()).map(([depth, arrays]): Op => (j) => new Raw(arrays ? `${'['.repeat(depth)}${serialize(j)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${serialize(j)}${'}'.repeat(depth)}`)),
  // Long lists, within the 32 MiB a request may carry.
  fc.constantFrom(10_001, SHAPE_LIMITS.values + 1, 2_000_000).map((n): Op => (j) => new Raw(`[${new Array(n).fill(serialize(j).length * n < 16_000_000 ? serialize(j) : '1').join(',')}]`)),
  fc.constant<Op>(() => new Obj([['__proto__', new Raw('{"polluted":true}')], ['constructor', new Raw('{"prototype":{"polluted":true}}')]])),
  // Harmless ones, so that some documents reach the outputs: a key repeated with its own value, nothing.
  fc.constant<Op>((j) => (j instanceof Obj && j.entries.length > 0 ? new Obj([...j.entries, j.entries[j.entries.length - 1]!]) : j)),
  fc.constant<Op>((j) => j),
);

describe('arbitrary JSON through the editors API', () => {
  it('is refused with a list of problems, or published in every format; nothing pollutes a prototype', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(fc.tuple(fc.array(fc.nat(20), { maxLength: 6 }), ops), { minLength: 1, maxLength: 3 }) },
          { weight: 1, arbitrary: tree.map((t) => [[[], () => t] as [number[], Op]]) },
        ),
        fc.constantFrom('POST', 'PUT'),
        async (mutations, method) => {
          const target = 'put-target-en';
          let doc: Json = toJson(method === 'POST' ? fullStory(`json-${++serial}`, ['en', 'ar']) : fullStory(target, [...LANGS]));
          for (const [path, op] of mutations) doc = applyAt(doc, path, op);
          const before = await changeCount();
          const url = method === 'POST' ? '/api/articles' : `/api/articles/${target}`;
          const version = (await h.store.get(target))!.version;
          const res = await h.app.request(url, { method, headers: json({ 'if-match': `"${version}"` }), body: serialize(doc) });
          expect([method === 'POST' ? 201 : 200, 400], await res.clone().text().then((t) => t.slice(0, 800))).toContain(res.status);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
          if (res.status === 400) {
            await expectProblemList(res);
            expect(await changeCount()).toBe(before);
            outcomes.refused++;
            return;
          }
          const { id } = (await res.json()) as { id: string };
          const stored = (await h.store.get(id))!;
          expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
          await expectEveryOutput(h, id, Object.keys(stored.localizations));
          outcomes.accepted++;
        },
      ),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 8) },
    );
    expect(outcomes.accepted).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(50);
  }, 240_000);
});

describe('the JSON shapes the issue names', () => {
  const post = (body: string) => h.app.request('/api/articles', { method: 'POST', headers: json(), body });
  const valid = (id: string) => JSON.stringify(fullStory(id, ['en']));
  const withField = (id: string, name: string, raw: string) => `${valid(id).slice(0, -1)},${JSON.stringify(name)}:${raw}}`;

  it.each([
    ['arrays', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['objects', (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`],
  ])('refuses %s nested 100,000 levels, anywhere, with a 400 naming the depth', async (_, nest) => {
    const at = [
      withField('deep-1', 'extra', nest(100_000)),
      valid('deep-2').replace('"text":"Body of deep-2 in en."', `"text":${nest(100_000)}`),
      valid('deep-3').replace('"subjects":[{"code":"medtop:11000000"}]', `"subjects":[${nest(100_000)},${nest(100_000)}]`),
      nest(100_000).startsWith('{') ? nest(100_000) : `{"a":${nest(100_000)}}`,
    ];
    for (const body of at) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const { errors } = await expectProblemList(res);
      expect(errors).toEqual([{ pointer: expect.any(String), message: `nests deeper than ${SHAPE_LIMITS.depth} levels` }]);
    }
  });

  it('refuses 1e309 (Infinity once parsed) in every number the schema checks, and ignores it where the store decides', async () => {
    const story = fullStory('inf-1', ['en', 'ar']);
    const text = JSON.stringify(story);
    for (const [field, raw] of [['"geonamesId":95446', '"geonamesId":1e309'], ['"width":1200', '"width":1e309'], ['"height":675', '"height":-1e309'], ['"fromVersion":1', '"fromVersion":1e309']] as const) {
      const res = await post(text.replace(field, raw));
      expect(res.status).toBe(400);
      // Worded for the editor: the field, what it must be, and what was sent.
      expect((await expectProblemList(res)).errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/ must be a whole number, not -?Infinity$/));
    }
    // `version` is the store's: what a writer sends there is replaced.
    const res = await post(`${text.slice(0, -1)},"version":1e309}`);
    expect(res.status).toBe(201);
    expect((await res.json()).version).toBe(1);
  });

  it('refuses __proto__ and constructor keys as unknown, at every level, and pollutes nothing', async () => {
    const poison = '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}';
    const story = valid('proto-1');
    const bodies = [
      story.replace('{"id"', `{${poison},"id"`),
      story.replace('"localizations":{', `"localizations":{${poison},`),
      story.replace('"name":{"en":"Erbil en"}', `"name":{"en":"Erbil en",${poison}}`),
      story.replace('{"type":"paragraph"', `{${poison},"type":"paragraph"`),
    ];
    const pointers = [];
    for (const body of bodies) {
      const res = await post(body);
      expect(res.status).toBe(400);
      pointers.push([...new Set((await expectProblemList(res)).errors.map((e) => e.pointer).filter((p) => /\/(__proto__|constructor)$/.test(p)))]);
    }
    expect(pointers).toEqual([
      ['/__proto__', '/constructor'],
      ['/localizations/__proto__', '/localizations/constructor'],
      ['/located/name/__proto__', '/located/name/constructor'],
      ['/localizations/en/body/0/__proto__', '/localizations/en/body/0/constructor'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  });

  it('reads duplicate keys as JSON.parse does: the last one wins', async () => {
    const res = await post(valid('dup-a').replace('{"id":"dup-a"', '{"id":"dup-a","id":"dup-b"'));
    expect(res.status).toBe(201);
    expect((await res.json()).id).toBe('dup-b');
    expect(await h.store.get('dup-a')).toBeUndefined();
  });

  it('refuses huge arrays, long texts and long keys at once, with one problem', async () => {
    const story = fullStory('huge-1', ['en']);
    const cases: [string, string, string][] = [
      [withField('huge-1', 'extra', `[${new Array(2_000_000).fill('1').join(',')}]`), '', `holds more than ${SHAPE_LIMITS.values} values`],
      [JSON.stringify({ ...story, subjects: Array.from({ length: 300_000 }, (_, i) => ({ code: `medtop:${String(i).padStart(8, '0')}` })) }), '', `holds more than ${SHAPE_LIMITS.values} values`],
      [JSON.stringify({ ...story, subjects: Array.from({ length: 100_000 }, (_, i) => ({ code: `medtop:${String(i).padStart(8, '0')}` })) }), '/subjects', 'subjects has 100000 subjects; at most 50 are allowed'],
      [JSON.stringify({ ...story, localizations: Object.fromEntries(Array.from({ length: 600_000 }, (_, i) => [`l${i}`, 0])) }), '', `holds more than ${SHAPE_LIMITS.values} values`],
      [JSON.stringify({ ...story, provider: { name: 'x', uri: `https://${'a'.repeat(30_000_000)}` } }), '/provider/uri', 'is 30000008 characters long'],
      [JSON.stringify({ ...story, [`k${'e'.repeat(1_000_000)}`]: 1 }), '', 'has a property name 1000001 characters long'],
    ];
    for (const [body, pointer, message] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const { errors } = await expectProblemList(res);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.pointer).toBe(pointer);
      expect(errors[0]!.message).toContain(message);
    }
  });

  it('checks that subjects are unique only within the 50 allowed (10,000 distinct ones are refused at once, five times over)', async () => {
    const story = fullStory('many-subjects', ['en']);
    const subjects = Array.from({ length: 10_000 }, (_, i) => ({ code: `medtop:${String(i).padStart(8, '0')}` }));
    for (let i = 0; i < 5; i++) {
      const res = await post(JSON.stringify({ ...story, subjects }));
      expect((await expectProblemList(res)).errors).toEqual([{ pointer: '/subjects', message: 'subjects has 10000 subjects; at most 50 are allowed' }]);
    }
    const dup = await post(JSON.stringify({ ...story, subjects: [{ code: 'medtop:11000000' }, { code: 'medtop:11000000' }] }));
    expect((await expectProblemList(dup)).errors.map((e) => e.message)).toContain('subjects has the same subject twice: subjects[0] and subjects[1]');
  }, 8_000);

  it('lists at most 100 problems, and says how many there were', async () => {
    const story = fullStory('many-problems', ['en']);
    story.localizations.en.body = Array.from({ length: 5_000 }, () => ({ type: 'verse', text: 1, cite: 2, x: 3 }));
    const res = await post(JSON.stringify(story));
    const body = (await expectProblemList(res)) as { errors: unknown[]; detail?: string };
    expect(body.errors).toHaveLength(100);
    expect(body.detail).toBe('20000 problems; the first 100 are listed in errors.');
  });

  it('refuses what is not an object', async () => {
    for (const body of ['[]', '1e309', '"story"', 'null', 'true', '[{"id":"x"}]']) {
      const res = await post(body);
      expect((await expectProblemList(res)).errors).toEqual([{ pointer: '', message: 'must be a JSON object' }]);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article/types.js';
import type { PartCache } from '../../src/formats/format.js';
import { NINJS_REL, type Ninjs } from '../../src/formats/ninjs/index.js';
import { ninjsItemSchema } from '../../src/formats/ninjs/schema.js';
import { NINJS_FORMATS } from '../../src/formats/registry.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { localizeItem, type LocalizedItem } from '../../src/i18n/localize.js';
import { compileChecker } from '../../src/validate/ajv.js';
import { ajv2020, NINJS_OFFICIAL_DIR } from '../../src/validate/ajv2020.js';
import { ValidationError } from '../../src/validate/problems.js';
import { checkNinjs, checkNinjsLatest } from '../helpers/official.js';
import { makeContext, sampleArticle, sampleItem } from '../fixtures/sample-view.js';

const STORY = '2021-02-18-nato-iraq-mission-eightfold';
const guidOf = (lang: string) => `urn:newsml:rojname.example:20210218:${STORY}:${lang}`;
const LATER = '2021-02-19T09:15:00.000Z';
const MEDTOP = ['16000000', '20000058', '20000599'];

/** What each language version must say, written out by hand from locales/ and content/sample/. */
const EXPECTED = [
  { lang: 'en', dir: 'ltr', headline: 'NATO announces eight-fold increase in number of forces in Iraq', topics: ['conflict, war and peace', 'international military intervention', 'armed forces'] },
  { lang: 'ckb', dir: 'rtl', headline: 'ناتۆ ژمارەی هێزەکانی لە عێراق هەشت هێندە زیاد دەکات', topics: ['ململانێ، جەنگ و ئاشتی', 'دەستێوەردانی سەربازیی نێودەوڵەتی', 'هێزە چەکدارەکان'] },
  { lang: 'kmr', dir: 'ltr', headline: 'NATO hejmara hêzên xwe yên li Iraqê heşt qat zêde dike', topics: ['pevçûn, şer û aştî', 'destwerdana leşkerî ya navneteweyî', 'hêzên çekdar'] },
  { lang: 'ar', dir: 'rtl', headline: 'الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف', topics: ['النزاعات والحرب والسلام', 'التدخل العسكري الدولي', 'القوات المسلحة'] },
] as const;

const parse = (json: string) => JSON.parse(json) as Ninjs.Item;
const render = (item: LocalizedItem) => NINJS_FORMATS.item.render(item);

/** A later version of one language of the sample story, through the real localizer. */
function revise(lang: string, change: Partial<Article>, itemVersion = 2): LocalizedItem {
  const article: Article = { ...sampleArticle(), version: 2, versionCreated: LATER, ...change };
  return localizeItem({ article, articleId: article.id, language: lang, itemVersion, changedAt: LATER }, makeContext());
}

/** Three stories a minute apart, in one language. */
function threeStories(lang: string): LocalizedItem[] {
  return ['a', 'b', 'c'].map((id, i) => {
    const at = new Date(Date.parse('2021-02-18T16:30:00Z') + i * 60_000).toISOString();
    return sampleItem(lang, { ...sampleArticle(), id: `story-${id}`, published: at, versionCreated: at });
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

function renderError(fn: () => string): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('render did not throw');
}

describe.each(EXPECTED)('ninjs for $lang', ({ lang, dir, headline, topics }) => {
  const json = render(sampleItem(lang));
  const doc = parse(json);

  it('matches its golden file', async () => {
    await expect(json).toMatchFileSnapshot(`../golden/ninjs/${lang}.json`);
  });
  it('passes the official ninjs 3.1 schema', () => {
    expect(checkNinjs(json)).toEqual({ valid: true, errors: [] });
  });
  it('is version "1" of its NewsML-G2 guid, a usable text in its own language', () => {
    expect(doc).toMatchObject({ uri: guidOf(lang), type: 'text', version: '1', pubStatus: 'usable', language: lang });
    expect(doc.standard).toEqual({ name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' });
    expect([doc.versionCreated, doc.firstCreated, doc.contentCreated]).toEqual(['2021-02-18T16:30:00.000Z', '2021-02-18T16:30:00.000Z', '2021-02-18T16:30:00.000Z']);
    expect(doc.edNote).toBeUndefined();
    expect(doc.embargoedUntil).toBeUndefined();
  });
  it('carries the headline as plain text, and the agency as author and copyright holder', () => {
    expect(doc.headlines).toEqual([{ role: 'main', contentType: 'text/plain', value: headline }]);
    expect(doc.by).toBe('Kurdistan 24');
    expect(doc.copyrightHolder).toBe('Kurdistan 24');
  });
  it('carries the body as HTML in a div with its language and direction, without figure or credits', () => {
    expect(doc.bodies).toHaveLength(1);
    const body = doc.bodies![0]!;
    expect([body.role, body.contentType]).toEqual(['main', 'text/html']);
    expect(body.value.startsWith(`<div dir="${dir}" lang="${lang}"><p>`)).toBe(true);
    expect(body.value.match(/<p>/g)).toHaveLength(7);
    expect(body.value).not.toMatch(/<figure|<small/);
  });
  it('names its Media Topics by IPTC URI, in its own language', () => {
    expect(doc.subjects).toEqual(MEDTOP.map((code, i) => ({ uri: `http://cv.iptc.org/newscodes/mediatopic/${code}`, literal: `medtop:${code}`, name: topics[i] })));
  });
  it('places the story in Erbil (GeoNames) and Iraq', () => {
    expect(doc.places.map((p) => [p.uri, p.literal])).toEqual([
      ['http://sws.geonames.org/95446', 'geonames:95446'],
      ['http://cvx.iptc.org/iso3166-1a2/IQ', 'iso3166-1a2:IQ'],
    ]);
  });
  it('associates the photo, then every other language version by endonym, the source as derivedFrom', () => {
    const [photo, ...versions] = doc.associations!;
    expect(photo).toMatchObject({ name: 'photo', rel: NINJS_REL.photo, type: 'picture', uri: 'https://rojname.example/media/nato-mission-iraq.jpg', by: 'NATO', language: lang });
    expect(photo!.renditions).toEqual([{ name: 'main', href: 'https://rojname.example/media/nato-mission-iraq.jpg', contentType: 'image/jpeg', width: 1200, height: 675 }]);
    const others = EXPECTED.map((e) => e.lang).filter((l) => l !== lang);
    expect(versions).toEqual(
      others.map((l) => ({ name: defaultLanguages.get(l).endonym, rel: lang !== 'en' && l === 'en' ? NINJS_REL.source : NINJS_REL.translation, uri: guidOf(l), type: 'text', representationType: 'partial', language: l })),
    );
  });
});

describe('only its own language', () => {
  it('is unchanged when another language version is edited', () => {
    const article = sampleArticle();
    article.localizations.ckb = { ...article.localizations.ckb!, headline: 'سەردێڕێکی نوێ' };
    expect(render(sampleItem('en', article))).toBe(render(sampleItem('en')));
  });
});

describe('latest.json', () => {
  const json = NINJS_FORMATS.latest.render({ items: [sampleItem('ckb')] });

  it('matches its golden file', async () => {
    await expect(json).toMatchFileSnapshot('../golden/ninjs/latest-ckb.json');
  });
  it('is {"items": [...]}, each item passing the official ninjs 3.1 schema', () => {
    expect(checkNinjsLatest(json)).toEqual({ valid: true, errors: [] });
    expect(checkNinjsLatest(NINJS_FORMATS.latest.render({ items: EXPECTED.map(({ lang }) => sampleItem(lang)) }))).toEqual({ valid: true, errors: [] });
  });
  it('holds exactly the single-item documents, in the order given, as JSON.stringify writes them', () => {
    const items = threeStories('ar');
    const text = NINJS_FORMATS.latest.render({ items });
    const doc = JSON.parse(text) as Ninjs.Latest;
    expect(doc.items).toEqual(items.map((item) => parse(render(item))));
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
  it('writes exactly the bytes of a full render from reused items, and builds only the changed one', () => {
    const items = threeStories('kmr');
    const cache: PartCache = new Map();
    expect(NINJS_FORMATS.latest.render({ items }, cache)).toBe(NINJS_FORMATS.latest.render({ items }));
    const before = new Map(cache);
    const edited = items.map((item, i) => (i === 1 ? { ...item, key: `${item.key}+1`, itemVersion: 2, headline: 'Sernivîseke nû' } : item));
    const incremental = NINJS_FORMATS.latest.render({ items: edited }, cache);
    expect(incremental).toBe(NINJS_FORMATS.latest.render({ items: edited }));
    expect(incremental).toContain('Sernivîseke nû');
    for (const i of [0, 2]) expect(cache.get(items[i]!.key)).toBe(before.get(items[i]!.key));
    expect([...cache.keys()].sort()).toEqual(edited.map((i) => i.key).sort());
  });
  it('refuses the same item twice', () => {
    const item = sampleItem('en');
    const error = renderError(() => NINJS_FORMATS.latest.render({ items: [item, { ...item, key: 'again' }] }));
    expect(error.problems).toEqual([{ pointer: '/items/1/uri', message: expect.stringContaining(guidOf('en')) }]);
  });
});

describe('later versions', () => {
  it('says what a correction corrected in edNote, at the next version (ninjs has no signal)', () => {
    const json = render(revise('kmr', { signal: 'correction', edNote: 'Corrects the number of staff in paragraph 6.' }));
    const doc = parse(json);
    expect(doc).toMatchObject({ uri: guidOf('kmr'), version: '2', versionCreated: LATER, firstCreated: '2021-02-18T16:30:00.000Z', pubStatus: 'usable', edNote: 'Corrects the number of staff in paragraph 6.' });
    expect(doc.bodies).toHaveLength(1);
    expect(checkNinjs(json)).toEqual({ valid: true, errors: [] });
  });
  it('kills with the same uri, a higher version, canceled, an edNote, no body and no photo', () => {
    const json = render(revise('ckb', { pubStatus: 'canceled', edNote: 'Withdrawn: remove this story from all systems.' }));
    const doc = parse(json);
    expect(doc).toMatchObject({ uri: guidOf('ckb'), version: '2', pubStatus: 'canceled', edNote: 'Withdrawn: remove this story from all systems.' });
    expect(doc.bodies).toBeUndefined();
    expect(doc.associations!.map((a) => a.type)).toEqual(['text', 'text', 'text']);
    expect(doc.headlines[0]!.value).toBe(EXPECTED[1].headline);
    expect(checkNinjs(json)).toEqual({ valid: true, errors: [] });
  });
  it('refuses a kill without an edNote', () => {
    const error = renderError(() => render(revise('en', { pubStatus: 'canceled' })));
    expect(error.problems.map((p) => p.pointer)).toEqual(['/edNote']);
  });
  it('refuses a kill without an edNote inside latest.json, pointing into it', () => {
    const error = renderError(() => NINJS_FORMATS.latest.render({ items: [sampleItem('ar'), revise('en', { pubStatus: 'canceled' })] }));
    expect(error.problems.map((p) => p.pointer)).toEqual(['/items/1/edNote']);
  });
  it('writes an embargo as embargoedUntil', () => {
    const json = render(revise('ar', { embargoedUntil: '2021-02-19T12:00:00+03:00' }, 1));
    expect(parse(json).embargoedUntil).toBe('2021-02-19T09:00:00.000Z');
    expect(checkNinjs(json)).toEqual({ valid: true, errors: [] });
  });
  it('writes a withheld version as withheld', () => {
    expect(parse(render(revise('en', { pubStatus: 'withheld' }))).pubStatus).toBe('withheld');
  });
});

describe('the check before serializing', () => {
  it('refuses "cancelled" (the official enum and ours)', () => {
    const bad = { ...sampleItem('en'), pubStatus: 'cancelled' } as unknown as LocalizedItem;
    const error = renderError(() => render(bad));
    expect(error.problems).toContainEqual({ pointer: '/pubStatus', message: 'must be one of: usable, withheld, canceled' });
  });
  it('refuses a bidi override in the headline', () => {
    const error = renderError(() => render({ ...sampleItem('ar'), headline: 'abc\u202Edef' }));
    expect(error.problems.map((p) => p.pointer)).toContain('/headlines/0/value');
  });
  it("applies the official schema's unevaluatedProperties: a 1.x property name is refused", () => {
    const check = compileChecker('ninjs', ninjsItemSchema, undefined, ajv2020);
    const doc = parse(render(sampleItem('en')));
    expect(check(doc)).toEqual(doc);
    const error = (() => {
      try {
        check({ ...doc, pubstatus: 'usable' });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems).toEqual([{ pointer: '/pubstatus', message: 'is not a known property' }]);
  });
});

describe('nasty input', () => {
  const NASTY = '<b>markup</b> & ]]> ]]> &nbsp; 🇮🇶 \u200Fسەردێڕ ٢٠٢١';
  const article = sampleArticle();
  article.localizations.ckb = { ...article.localizations.ckb!, headline: NASTY, body: [{ type: 'paragraph', text: `${NASTY} <script>alert(1)</script>` }] };
  const json = render(sampleItem('ckb', article));

  it('stays valid and round-trips the headline exactly', () => {
    expect(checkNinjs(json)).toEqual({ valid: true, errors: [] });
    expect(parse(json).headlines[0]!.value).toBe(NASTY);
  });
  it('escapes markup in the HTML body', () => {
    const body = parse(json).bodies![0]!.value;
    expect(body).toContain(' &amp; ]]&gt; ]]&gt; &amp;');
    expect(body).not.toMatch(/<(b|script)>/);
    expect(body.match(/&lt;/g)).toHaveLength(4);
  });
});

describe('determinism', () => {
  it.each([
    ['item', () => render(deepFreeze(sampleItem('ar')))],
    ['latest.json', () => NINJS_FORMATS.latest.render(deepFreeze({ items: [sampleItem('kmr'), sampleItem('en')] }))],
  ])('renders a frozen %s view to the same bytes twice', (_, fn) => {
    expect(fn()).toBe(fn());
  });
  it('leaves the view as it was', () => {
    const view = sampleItem('ckb');
    const before = structuredClone(view);
    render(view);
    expect(view).toEqual(before);
  });
});

describe('the official schema', () => {
  const reference = (file: string) => new URL(`../reference/ninjs/${file}`, import.meta.url).pathname;
  it.each(['ninjs-schema_3.1.json', 'GeoJSON-schema.json', 'LICENSE'])('the service checks with the same %s as the tests', (file) => {
    expect(readFileSync(`${NINJS_OFFICIAL_DIR}${file}`, 'utf8')).toBe(readFileSync(reference(file), 'utf8'));
  });
  it.each(['003_associations_example.json', '004_simple_text_article.json', '005_complex_text_article.json'])("the tests' checker accepts IPTC's %s", (file) => {
    expect(checkNinjs(readFileSync(reference(`examples/${file}`), 'utf8'))).toEqual({ valid: true, errors: [] });
  });
  it("the tests' checker refuses ninjs 1.x names", () => {
    expect(checkNinjs(JSON.stringify({ uri: 'http://example.com/1', versioncreated: '2013-07-09T10:37:00Z' })).valid).toBe(false);
  });
});

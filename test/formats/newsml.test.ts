import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Article } from '../../src/article/types.js';
import { derivePackageGuid, newsItemFormat, newsMessageFormat, packageItemFormat, type MessageView, type PackageView } from '../../src/formats/newsml/index.js';
import { localizeItem, type LocalizedItem } from '../../src/i18n/localize.js';
import { ValidationError } from '../../src/validate/problems.js';
import { checkNewsml } from '../helpers/official.js';
import { makeContext, sampleArticle, sampleItem } from '../fixtures/sample-view.js';

const NAR = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML = 'http://www.w3.org/1999/xhtml';
const STORY = '2021-02-18-nato-iraq-mission-eightfold';
const guidOf = (lang: string) => `urn:newsml:rojname.example:20210218:${STORY}:${lang}`;
const LATER = '2021-02-19T09:15:00.000Z';

/** What each language version must say, written out by hand from locales/ and content/sample/. */
const EXPECTED = [
  { lang: 'en', dir: null, headline: 'NATO announces eight-fold increase in number of forces in Iraq', topics: ['conflict, war and peace', 'international military intervention', 'armed forces'] },
  { lang: 'ckb', dir: 'rtl', headline: 'ناتۆ ژمارەی هێزەکانی لە عێراق هەشت هێندە زیاد دەکات', topics: ['ململانێ، جەنگ و ئاشتی', 'دەستێوەردانی سەربازیی نێودەوڵەتی', 'هێزە چەکدارەکان'] },
  { lang: 'kmr', dir: null, headline: 'NATO hejmara hêzên xwe yên li Iraqê heşt qat zêde dike', topics: ['pevçûn, şer û aştî', 'destwerdana leşkerî ya navneteweyî', 'hêzên çekdar'] },
  { lang: 'ar', dir: 'rtl', headline: 'الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف', topics: ['النزاعات والحرب والسلام', 'التدخل العسكري الدولي', 'القوات المسلحة'] },
] as const;
const MEDTOP = ['medtop:16000000', 'medtop:20000058', 'medtop:20000599'];
/** IPTC's Subject Code for each, from cptall-x-all.json: broadMatch for 16000000, exactMatch for the others. */
const SUBJ = ['subj:16000000', 'subj:16009002', 'subj:11001004'];

/** Parses with xmlbuilder2's namespace-aware parser and hands back the DOM. */
function parse(xml: string): Document {
  return create(xml).node as unknown as Document;
}
const all = (node: Document | Element, name: string, ns = NAR) => [...node.getElementsByTagNameNS(ns, name)];
const one = (node: Document | Element, name: string, ns = NAR) => {
  const found = all(node, name, ns);
  expect(found, `<${name}>`).toHaveLength(1);
  return found[0]!;
};

/** A later version of one language of the sample story, through the real localizer. */
function revise(lang: string, change: Partial<Article>, itemVersion = 2): LocalizedItem {
  const article: Article = { ...sampleArticle(), version: 2, versionCreated: LATER, ...change };
  return localizeItem({ article, articleId: article.id, language: lang, itemVersion, changedAt: LATER }, makeContext());
}

function packageView(items: LocalizedItem[]): PackageView {
  const source = items[0]!;
  return { articleId: STORY, packageVersion: 1, versionCreated: source.updated, firstCreated: source.firstCreated, items, provider: source.provider, guid: derivePackageGuid(source) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

function renderError(render: () => string): ValidationError {
  try {
    render();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('render did not throw');
}

describe.each(EXPECTED)('newsItem for $lang', ({ lang, dir, headline, topics }) => {
  const xml = newsItemFormat.render(sampleItem(lang));
  const doc = parse(xml);

  it('matches its golden file', async () => {
    await expect(xml).toMatchFileSnapshot(`../golden/newsml/${lang}.xml`);
  });
  it('passes the official NewsML-G2 2.35 XSD', async () => {
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('is version 1 of its own guid, in its own language and direction', () => {
    const root = doc.documentElement;
    expect([root.namespaceURI, root.localName]).toEqual([NAR, 'newsItem']);
    expect(root.getAttribute('guid')).toBe(guidOf(lang));
    expect(root.getAttribute('version')).toBe('1');
    expect(root.getAttribute('standardversion')).toBe('2.35');
    expect(root.getAttribute('conformance')).toBe('power');
    expect(root.getAttribute('xml:lang')).toBe(lang);
    expect(root.getAttribute('dir')).toBe(dir);
    expect(one(doc, 'language').getAttribute('tag')).toBe(lang);
  });
  it('carries the headline and is usable', () => {
    expect(one(doc, 'headline').textContent).toBe(headline);
    expect(one(doc, 'pubStatus').getAttribute('qcode')).toBe('stat:usable');
    expect(all(doc, 'signal')).toEqual([]);
  });
  it('links a translation to the English item with irel:derivedFrom, and the original to nothing', () => {
    const links = all(doc, 'link').map((l) => [l.getAttribute('rel'), l.getAttribute('residref')]);
    expect(links).toEqual(lang === 'en' ? [] : [['irel:derivedFrom', guidOf('en')]]);
  });
  it('credits the agency as creator and the editor (and translator) as contributors with their roles', () => {
    expect(all(doc, 'creator').map((c) => [c.getAttribute('roleuri'), c.textContent?.trim()])).toEqual([[null, 'Kurdistan 24']]);
    const contributors = all(doc, 'contributor').map((c) => [c.getAttribute('roleuri'), c.textContent?.trim()]);
    expect(contributors[0]).toEqual(['urn:rojname:role:editor', 'John J. Catherine']);
    expect(contributors.slice(1).map(([role]) => role)).toEqual(lang === 'en' ? [] : ['urn:rojname:role:translator']);
  });
  it('names its Media Topics in its own language, each followed by its IPTC Subject Code, and Iraq as a geo subject', () => {
    const subjects = all(doc, 'subject').map((s) => [s.getAttribute('type'), s.getAttribute('qcode'), s.textContent?.trim()]);
    expect(subjects).toEqual([...MEDTOP.flatMap((q, i) => [['cpnat:abstract', q, topics[i]], ['cpnat:abstract', SUBJ[i], '']]), ['cpnat:geoArea', 'iso3166-1a2:IQ', '']]);
  });
  it('holds one XHTML html element with seven paragraphs', () => {
    const inline = one(doc, 'inlineXML');
    const elements = [...inline.childNodes].filter((c): c is Element => c.nodeType === 1);
    expect(elements.map((c) => [c.namespaceURI, c.localName])).toEqual([[XHTML, 'html']]);
    const html = one(doc, 'html', XHTML);
    expect([html.getAttribute('xml:lang'), html.getAttribute('lang')]).toEqual([lang, lang]);
    expect(html.getAttribute('dir')).toBe(dir ?? 'ltr');
    expect(one(html, 'title', XHTML).textContent).toBe(headline);
    expect(all(html, 'p', XHTML)).toHaveLength(7);
  });
});

describe('packageItem of the four language versions', () => {
  const items = EXPECTED.map(({ lang }) => sampleItem(lang));
  const xml = packageItemFormat.render(packageView(items));
  const doc = parse(xml);

  it('matches its golden file', async () => {
    await expect(xml).toMatchFileSnapshot('../golden/newsml/package.xml');
  });
  it('passes the official NewsML-G2 2.35 XSD', async () => {
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('is a composite with its own guid, one group of alternatives and an itemRef per language', () => {
    expect(doc.documentElement.getAttribute('guid')).toBe(`urn:newsml:rojname.example:20210218:${STORY}:package`);
    expect(one(one(doc, 'itemMeta'), 'itemClass').getAttribute('qcode')).toBe('ninat:composite');
    expect(one(doc, 'group').getAttribute('mode')).toBe('pgrmod:alt');
    const refs = all(doc, 'itemRef');
    expect(refs.map((r) => r.getAttribute('residref'))).toEqual(EXPECTED.map(({ lang }) => guidOf(lang)));
    expect(refs.map((r) => r.getAttribute('version'))).toEqual(['1', '1', '1', '1']);
    expect(refs.map((r) => one(r, 'title').textContent)).toEqual(EXPECTED.map((e) => e.headline));
    expect(refs.map((r) => one(r, 'language').getAttribute('tag'))).toEqual(EXPECTED.map((e) => e.lang));
  });
  it('refuses a language version listed twice', () => {
    const error = renderError(() => packageItemFormat.render(packageView([items[0]!, items[1]!, items[1]!])));
    expect(error.problems).toEqual([{ pointer: '/groupSet/group/0/itemRef/2/residref', message: expect.stringContaining(guidOf('ckb')) }]);
  });
});

describe('newsMessage', () => {
  const view: MessageView = { sent: '2021-02-18T16:31:00Z', transmitId: 'tag:rojname.example,2021:msg-000001', items: [sampleItem('ckb')] };
  const xml = newsMessageFormat.render(view);
  const doc = parse(xml);

  it('matches its golden file', async () => {
    await expect(xml).toMatchFileSnapshot('../golden/newsml/message-ckb.xml');
  });
  it('passes the official NewsML-G2 2.35 XSD', async () => {
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('has the header it was given and the complete item', () => {
    expect(one(doc, 'sent').textContent).toBe('2021-02-18T16:31:00.000Z');
    expect(one(doc, 'sender').textContent).toBe('rojname.example');
    expect(one(doc, 'transmitId').textContent).toBe(view.transmitId);
    expect(one(doc, 'newsItem').getAttribute('guid')).toBe(guidOf('ckb'));
    expect(all(one(doc, 'newsItem'), 'p', XHTML)).toHaveLength(7);
  });
  it('carries all four language versions, XSD-valid', async () => {
    const four = newsMessageFormat.render({ ...view, items: EXPECTED.map(({ lang }) => sampleItem(lang)) });
    expect(all(parse(four), 'newsItem').map((n) => n.getAttribute('guid'))).toEqual(EXPECTED.map(({ lang }) => guidOf(lang)));
    expect(await checkNewsml(four)).toEqual({ valid: true, errors: [] });
  });
});

describe('later versions', () => {
  it('kills with the same guid, a higher version, stat:canceled, an edNote and no body', async () => {
    const xml = newsItemFormat.render(revise('ckb', { pubStatus: 'canceled', edNote: 'Withdrawn: remove this story from all systems.' }));
    const doc = parse(xml);
    expect(doc.documentElement.getAttribute('guid')).toBe(guidOf('ckb'));
    expect(doc.documentElement.getAttribute('version')).toBe('2');
    expect(one(doc, 'pubStatus').getAttribute('qcode')).toBe('stat:canceled');
    expect(one(doc, 'edNote').textContent).toBe('Withdrawn: remove this story from all systems.');
    expect(one(doc, 'edNote').getAttribute('xml:lang')).toBe('en');
    expect(all(doc, 'contentSet')).toEqual([]);
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('refuses a kill without an edNote', () => {
    const error = renderError(() => newsItemFormat.render(revise('en', { pubStatus: 'canceled' })));
    expect(error.problems.map((p) => p.pointer)).toEqual(['/itemMeta/edNote']);
  });
  it('writes an embargo as <embargoed>', async () => {
    const xml = newsItemFormat.render(revise('ar', { embargoedUntil: '2021-02-19T12:00:00+03:00' }, 1));
    expect(one(parse(xml), 'embargoed').textContent).toBe('2021-02-19T09:00:00.000Z');
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('signals a correction (and only that) with its edNote', async () => {
    const xml = newsItemFormat.render(revise('kmr', { signal: 'correction', edNote: 'Corrects the number of staff in paragraph 6.' }));
    const doc = parse(xml);
    expect(all(doc, 'signal').map((s) => s.getAttribute('qcode'))).toEqual(['sig:correction']);
    expect(one(doc, 'edNote').textContent).toBe('Corrects the number of staff in paragraph 6.');
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('signals an ordinary re-send as sig:update', () => {
    const doc = parse(newsItemFormat.render(revise('en', {})));
    expect(all(doc, 'signal').map((s) => s.getAttribute('qcode'))).toEqual(['sig:update']);
  });
});

describe('the JSON Schema check before serializing', () => {
  it('refuses stat:cancelled (the XSD would accept it)', () => {
    const bad = { ...sampleItem('en'), pubStatus: 'cancelled' } as unknown as LocalizedItem;
    const error = renderError(() => newsItemFormat.render(bad));
    expect(error.problems).toContainEqual({ pointer: '/itemMeta/pubStatus/qcode', message: 'must be one of: stat:usable, stat:withheld, stat:canceled' });
  });
  it('refuses a bidi override in the headline', () => {
    const bad = { ...sampleItem('ar'), headline: 'abc\u202Edef' };
    const error = renderError(() => newsItemFormat.render(bad));
    expect(error.problems.map((p) => p.pointer)).toContain('/contentMeta/headline/value');
  });
});

describe('nasty input', () => {
  const NASTY = '<b>markup</b> & ]]> ]]> &nbsp; 🇮🇶 \u200Fسەردێڕ ٢٠٢١';
  const article = sampleArticle();
  const ckb = article.localizations.ckb!;
  const paragraph = (i: number) => `${i} ${NASTY} ${'ناتۆ '.repeat(20_000)}`.slice(0, 100_000);
  article.localizations.ckb = { ...ckb, headline: NASTY, body: Array.from({ length: 50 }, (_, i) => ({ type: 'paragraph' as const, text: paragraph(i) })) };
  const xml = newsItemFormat.render(sampleItem('ckb', article));

  it('stays well-formed and XSD-valid with a 5 MB body', async () => {
    expect(xml.length).toBeGreaterThan(5_000_000);
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('round-trips the headline and every paragraph exactly (Latin runs between the isolates added for them)', () => {
    const doc = parse(xml);
    expect(one(doc, 'headline').textContent).toBe(NASTY);
    expect(one(doc, 'title', XHTML).textContent).toBe(NASTY);
    const paragraphs = all(doc, 'p', XHTML).map((p) => p.textContent);
    expect(paragraphs).toHaveLength(50);
    expect(paragraphs.map((p) => p?.replace(/[\u2066\u2069]/g, ''))).toEqual(Array.from({ length: 50 }, (_, i) => paragraph(i)));
    expect(paragraphs[0]).toContain('<\u2066b\u2069>\u2066markup\u2069</\u2066b\u2069>');
  });
});

describe('determinism', () => {
  it.each([
    ['newsItem', () => newsItemFormat.render(deepFreeze(sampleItem('ar')))],
    ['packageItem', () => packageItemFormat.render(deepFreeze(packageView(EXPECTED.map(({ lang }) => sampleItem(lang)))))],
    ['newsMessage', () => newsMessageFormat.render(deepFreeze({ sent: LATER, transmitId: 'm-1', items: [sampleItem('kmr')] }))],
  ])('renders a frozen %s view to the same bytes twice', (_, render) => {
    expect(render()).toBe(render());
  });
  it('leaves the view as it was', () => {
    const view = sampleItem('ckb');
    const before = structuredClone(view);
    newsItemFormat.render(view);
    expect(view).toEqual(before);
  });
});

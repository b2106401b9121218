import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Article, Block } from '../../src/article/types.js';
import { derivePackageGuid, newsItemFormat, packageItemFormat } from '../../src/formats/newsml/index.js';
import { localizeItem, type LocalizedItem } from '../../src/i18n/localize.js';
import { checkNewsml } from '../helpers/official.js';
import { makeContext, sampleArticle, sampleItem } from '../fixtures/sample-view.js';

/*
 * What partners' NewsML-G2 ingest keeps. Superdesk's parser keeps only the text before a paragraph's
 * first inline element, so every block must hold its whole text and nothing else.
 */

const NAR = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML = 'http://www.w3.org/1999/xhtml';
const LANGS = [
  { lang: 'en', dir: 'ltr' },
  { lang: 'ckb', dir: 'rtl' },
  { lang: 'kmr', dir: 'ltr' },
  { lang: 'ar', dir: 'rtl' },
] as const;
const LRI = '\u2066';
const PDI = '\u2069';
const LATER = '2021-02-19T09:15:00.000Z';

const parse = (xml: string) => create(xml).node as unknown as Document;
const all = (node: Document | Element, name: string, ns = NAR) => [...node.getElementsByTagNameNS(ns, name)];
const one = (node: Document | Element, name: string, ns = NAR) => {
  const found = all(node, name, ns);
  expect(found, `<${name}>`).toHaveLength(1);
  return found[0]!;
};
const elements = (node: Element) => [...node.childNodes].filter((c): c is Element => c.nodeType === 1);
/** The text directly inside an element, and whether anything but text is there. */
const directText = (node: Element) => ({
  text: [...node.childNodes].filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join(''),
  onlyText: [...node.childNodes].every((c) => c.nodeType === 3),
});
const withoutIsolates = (text: string) => text.replace(/[\u2066\u2069]/g, '');
const locale = (lang: string) => JSON.parse(readFileSync(new URL(`../../locales/${lang}/common.json`, import.meta.url), 'utf8')) as { labels: Record<string, string> };

/** Word and character counts as IPTC's CR00201 example counts them, written again here from the article's text. */
function expectedCounts(blocks: Block[]): { wordcount: string; charcount: string } {
  const texts = blocks.flatMap((b) => (b.cite ? [b.text, `— ${b.cite}`] : [b.text]));
  let words = 0;
  let chars = 0;
  for (const t of texts) {
    for (const token of t.split(/[\s]+/)) if (/[\p{L}\p{N}]/u.test(token)) words++;
    for (const _ of t) chars++;
  }
  return { wordcount: String(words), charcount: String(chars) };
}

function revise(lang: string, change: (a: Article) => void): LocalizedItem {
  const article: Article = { ...sampleArticle(), version: 2, versionCreated: LATER };
  change(article);
  return localizeItem({ article, articleId: article.id, language: lang, itemVersion: 2, changedAt: LATER }, makeContext());
}

describe.each(LANGS)('the $lang newsItem body, as partners ingest it', ({ lang, dir }) => {
  const loc = sampleArticle().localizations[lang]!;
  const doc = parse(newsItemFormat.render(sampleItem(lang)));
  const body = one(doc, 'body', XHTML);

  it("holds every paragraph's full text as the direct text of its block, with the block's dir", () => {
    const blocks = elements(body);
    expect(blocks.map((b) => b.localName)).toEqual(loc.body.map(() => 'p'));
    blocks.forEach((block, i) => {
      const { text, onlyText } = directText(block);
      expect(onlyText, `block ${i} holds only text`).toBe(true);
      expect(withoutIsolates(text)).toBe(loc.body[i]!.text);
      expect(block.getAttribute('dir')).toBe(dir);
    });
  });
  it('uses no inline element anywhere in the body', () => {
    const names = new Set(all(doc, '*', XHTML).map((e) => e.localName));
    expect([...names].sort()).toEqual(['body', 'head', 'html', 'p', 'title']);
  });
  it('keeps the dateline in contentMeta (dateline and located), not in the lead paragraph', () => {
    expect(one(doc, 'dateline').textContent).toBe(loc.dateline);
    expect(one(one(doc, 'located'), 'name').textContent).toBe(sampleArticle().located.name[lang]);
    expect(directText(elements(body)[0]!).text.startsWith(loc.dateline)).toBe(false);
  });
  it(dir === 'rtl' ? 'isolates every Latin run with LRI … PDI' : 'adds no isolates to left-to-right text', () => {
    const texts = elements(body).map((b) => directText(b).text);
    if (dir === 'rtl') {
      // Outside the isolates no Latin letter is left, and the sample's one acronym sits inside a pair.
      for (const t of texts) expect(t.replace(/\u2066[^\u2066\u2069]*\u2069/g, '')).not.toMatch(/[A-Za-z]/);
      expect(texts.join('\n')).toContain(`(${LRI}NMI${PDI})`);
    } else {
      for (const t of texts) expect(t).not.toMatch(/[\u2066-\u2069]/);
    }
  });
  it('counts words and characters on inlineXML, as computed from the article', () => {
    const inline = one(doc, 'inlineXML');
    expect({ wordcount: inline.getAttribute('wordcount'), charcount: inline.getAttribute('charcount') }).toEqual(expectedCounts(loc.body));
  });
  it('names the provider in <by> when the story has no byline, in the source language', () => {
    const by = one(doc, 'by');
    expect(by.textContent).toBe('Kurdistan 24');
    expect(by.getAttribute('xml:lang')).toBe(lang === 'en' ? null : 'en');
  });
});

describe('<by> with a byline', () => {
  const withAuthors = (lang: string, names: string[]) =>
    revise(lang, (a) => {
      a.contributors = [...names.map((name) => ({ name, role: 'author' as const })), ...a.contributors];
    });

  it.each(LANGS)('is the localized byline in $lang, Latin names isolated in right-to-left text', async ({ lang, dir }) => {
    const xml = newsItemFormat.render(withAuthors(lang, ['Jane Doe', 'Shwan Ahmed']));
    const by = one(parse(xml), 'by');
    const name = (n: string) => (dir === 'rtl' ? `${LRI}${n}${PDI}` : n);
    const template = locale(lang).labels.writtenBy!;
    expect(by.textContent).toBe([name('Jane Doe'), name('Shwan Ahmed')].map((n) => template.replace('{{name}}', n)).join(' · '));
    expect(by.getAttribute('xml:lang')).toBeNull();
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('reads "By Jane Doe" in English', () => {
    expect(one(parse(newsItemFormat.render(withAuthors('en', ['Jane Doe']))), 'by').textContent).toBe('By Jane Doe');
  });
});

describe('headings and quotes', () => {
  const blocks: Block[] = [
    { type: 'heading', text: 'ناتۆ و عێراق' },
    { type: 'paragraph', text: 'نێردەی NATO لە عێراق (NMI) گەورەتر دەبێت.' },
    { type: 'quote', text: 'ئامانجمان ئەوەیە داعش نەگەڕێتەوە.', cite: 'Jens Stoltenberg' },
    { type: 'quote', text: 'بێ سەرچاوە.' },
  ];
  const item = revise('ckb', (a) => {
    a.localizations.ckb = { ...a.localizations.ckb!, body: blocks };
  });
  const xml = newsItemFormat.render(item);
  const body = one(parse(xml), 'body', XHTML);

  it('are text blocks too: a heading is h2, a quote is a blockquote of text paragraphs, its source a line of its own', () => {
    const shape = elements(body).map((b) => [b.localName, b.getAttribute('dir'), elements(b).map((c) => [c.localName, c.getAttribute('dir'), directText(c)])]);
    expect(shape).toEqual([
      ['h2', 'rtl', []],
      ['p', 'rtl', []],
      [
        'blockquote',
        'rtl',
        [
          ['p', 'rtl', { text: 'ئامانجمان ئەوەیە داعش نەگەڕێتەوە.', onlyText: true }],
          ['p', 'rtl', { text: `— ${LRI}Jens Stoltenberg${PDI}`, onlyText: true }],
        ],
      ],
      ['blockquote', 'rtl', [['p', 'rtl', { text: 'بێ سەرچاوە.', onlyText: true }]]],
    ]);
    expect(directText(elements(body)[0]!)).toEqual({ text: 'ناتۆ و عێراق', onlyText: true });
    expect(directText(elements(body)[1]!)).toEqual({ text: `نێردەی ${LRI}NATO${PDI} لە عێراق (${LRI}NMI${PDI}) گەورەتر دەبێت.`, onlyText: true });
  });
  it('count the quote source line among the words and characters', () => {
    const inline = one(parse(xml), 'inlineXML');
    expect({ wordcount: inline.getAttribute('wordcount'), charcount: inline.getAttribute('charcount') }).toEqual(expectedCounts(blocks));
    // 3 + 7 + (4 + 2) + 2 words: the dash alone is no word.
    expect(inline.getAttribute('wordcount')).toBe('18');
  });
  it('pass the official NewsML-G2 2.35 XSD', async () => {
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
  it('leave text that already isolates a run as it is', () => {
    const isolated = revise('ar', (a) => {
      a.localizations.ar = { ...a.localizations.ar!, body: [{ type: 'paragraph', text: `قال ${LRI}NATO${PDI} اليوم` }] };
    });
    const p = one(parse(newsItemFormat.render(isolated)), 'p', XHTML);
    expect(p.textContent).toBe(`قال ${LRI}NATO${PDI} اليوم`);
  });
});

describe('Media Topics without a label of ours', () => {
  // medtop:20000053 "act of terror" (IPTC's Arabic: عمل ارهابي, Subject Code exactMatch 16001000) is in no locale file.
  const item = (lang: string) =>
    revise(lang, (a) => {
      a.subjects = [{ code: 'medtop:20000053' }];
    });
  const subjects = (lang: string) => all(parse(newsItemFormat.render(item(lang))), 'subject').map((s) => [s.getAttribute('qcode'), s.textContent?.trim()]);

  it.each([
    ['en', 'act of terror'],
    ['ar', 'عمل ارهابي'],
    ['ckb', ''],
    ['kmr', ''],
  ])("are named with IPTC's own label in English and Arabic only (%s)", (lang, name) => {
    expect(subjects(lang)).toEqual([
      ['medtop:20000053', name],
      ['subj:16001000', ''],
      ['iso3166-1a2:IQ', ''],
    ]);
  });
  it('give each Subject Code once, even when two topics map to the same one', () => {
    // medtop:16000000 (broadMatch) and medtop:20000060 military occupation (broadMatch) both map to subj:16000000.
    const doc = parse(newsItemFormat.render(revise('en', (a) => (a.subjects = [{ code: 'medtop:16000000' }, { code: 'medtop:20000060' }]))));
    expect(all(doc, 'subject').map((s) => s.getAttribute('qcode'))).toEqual(['medtop:16000000', 'subj:16000000', 'medtop:20000060', 'iso3166-1a2:IQ']);
  });
});

describe('the packageItem, as partners ingest it', () => {
  const items = LANGS.map(({ lang }) => sampleItem(lang));
  const source = items[0]!;
  const xml = packageItemFormat.render({ articleId: source.articleId, packageVersion: 1, versionCreated: source.updated, firstCreated: source.firstCreated, items, provider: source.provider, guid: derivePackageGuid(source) });
  const doc = parse(xml);

  it("states its language in contentMeta: the source version's", () => {
    const meta = one(doc, 'contentMeta');
    expect(elements(meta).map((e) => e.localName)).toEqual(['language', 'headline']);
    expect(one(meta, 'language').getAttribute('tag')).toBe('en');
  });
  it("gives every itemRef its item's headline, marked with that item's language where it differs", () => {
    const refs = all(doc, 'itemRef').map((r) => {
      const h = one(r, 'headline');
      return [h.textContent, h.getAttribute('xml:lang'), h.getAttribute('dir')];
    });
    expect(refs).toEqual(
      LANGS.map(({ lang, dir }) => [sampleArticle().localizations[lang]!.headline, lang === 'en' ? null : lang, dir === 'rtl' ? 'rtl' : null]),
    );
  });
  it('passes the official NewsML-G2 2.35 XSD', async () => {
    expect(await checkNewsml(xml)).toEqual({ valid: true, errors: [] });
  });
});

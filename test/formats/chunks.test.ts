import { describe, expect, it } from 'vitest';
import { chunksToBuffer, chunksToString, jsonItemPiece, jsonWithItems, type Piece } from '../../src/formats/chunks.js';
import type { PartCache } from '../../src/formats/format.js';
import { FEED_FORMATS, NEWSML_FORMATS, NINJS_FORMATS } from '../../src/formats/registry.js';
import { sampleArticle, sampleFeed, sampleItem } from '../fixtures/sample-view.js';

describe('chunks', () => {
  it('encode to the UTF-8 bytes of the text they join, in every script', () => {
    const pieces: Piece[] = [{ fragment: 'هەولێر' }, { fragment: 'Hewlêr 🇮🇶' }, { fragment: 'أربيل' }];
    const chunks = ['<a>', pieces[0]!, '\n  ', pieces[1]!, '\n  ', pieces[2]!, '</a>\n'];
    expect(chunksToString(chunks)).toBe('<a>هەولێر\n  Hewlêr 🇮🇶\n  أربيل</a>\n');
    expect(chunksToBuffer(chunks).equals(Buffer.from(chunksToString(chunks), 'utf8'))).toBe(true);
  });
  it("keep a piece's bytes once made, and copy them into the next document", () => {
    const piece: Piece = { fragment: 'item' };
    chunksToBuffer(['<', piece, '>']);
    const first = piece.bytes!;
    expect(first.toString('utf8')).toBe('item');
    // The kept bytes are what is copied (here altered on purpose, to see them used).
    first.write('ITEM');
    expect(chunksToBuffer(['<', piece, '>']).toString('utf8')).toBe('<ITEM>');
    expect(piece.bytes).toBe(first);
  });
});

describe('jsonWithItems', () => {
  it('writes exactly JSON.stringify(doc, null, 2) and a newline, with or without other members and items', () => {
    const items = [{ id: 'a', title: 'هەولێر' }, { id: 'b', nested: { list: [1, 2] } }];
    for (const head of [{}, { version: '1.1', title: 'Rojname' }])
      for (const list of [[], items]) expect(chunksToString(jsonWithItems(head, list.map(jsonItemPiece)))).toBe(`${JSON.stringify({ ...head, items: list }, null, 2)}\n`);
  });
});

describe('renderBytes', () => {
  const article = sampleArticle();
  const second = { ...sampleArticle(), id: 'second-story', versionCreated: '2021-02-18T17:00:00.000Z' };
  it.each(['en', 'ckb', 'kmr', 'ar'].flatMap((lang) => FEED_FORMATS.map((f) => [lang, f.id, f] as const)))('%s %s: the bytes of render, fresh and from reused parts', (lang, _id, format) => {
    const feed = sampleFeed(lang, [article, second]);
    const cache: PartCache = new Map();
    const text = format.render(feed, cache);
    expect(format.renderBytes(feed).equals(Buffer.from(text, 'utf8'))).toBe(true);
    // Parts now come from the cache, with their bytes kept from the first renderBytes.
    expect(format.renderBytes(feed, cache).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(format.renderBytes(feed, cache).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
  it.each(['en', 'ar'])('%s: the partner newsMessage and ninjs latest.json, likewise', (lang) => {
    const items = [sampleItem(lang, article), sampleItem(lang, second)];
    const cache: PartCache = new Map();
    const view = { sent: '2021-02-18T16:30:00.000Z', transmitId: `${lang}-1`, items };
    const xml = NEWSML_FORMATS.message.render(view, cache);
    expect(xml).toContain('<newsItem');
    expect(NEWSML_FORMATS.message.renderBytes(view, cache).equals(Buffer.from(xml, 'utf8'))).toBe(true);
    const ninjsCache: PartCache = new Map();
    const json = NINJS_FORMATS.latest.render({ items }, ninjsCache);
    expect(JSON.parse(json).items).toHaveLength(2);
    expect(NINJS_FORMATS.latest.renderBytes({ items }, ninjsCache).equals(Buffer.from(json, 'utf8'))).toBe(true);
  });
});

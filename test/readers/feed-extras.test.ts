import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { readWithFeedparser, readWithNewsboat, readWithRssParser, type FeedFile, type Reading } from './readers.js';

/*
 * What the feeds carry besides their entries — RFC 6721 tombstones, WebSub hub links, the RFC 5005
 * prev-archive link, a correction note — read by the real readers: none of it becomes an entry, none
 * of it is taken for an entry's link, and every reader still parses every feed (feedparser refuses
 * a feed it cannot parse: `bozo`).
 */

const BASE = 'https://rojname.example';
const HUB = 'https://hub.example/';
const files: FeedFile[] = [];
const readings = new Map<string, Reading>();

beforeAll(async () => {
  const runtime = openRuntime(':memory:', () => new Date('2026-03-01T09:00:00Z'));
  await seedSample(runtime.store);
  const app = createApp({ ...runtime, translator: createTranslator(defaultLanguages), baseUrl: BASE, partnerKeys: new Map(), websubHubs: [HUB], log: () => {} });
  await runtime.store.create(makeArticle({ id: 'killed-one', published: '2026-02-27T09:00:00Z', localizations: { en: makeLocalization({ headline: 'A story that was killed' }), ar: makeLocalization({ slug: 'maqtul', headline: 'خبر سحب', translation: { from: 'en', fromVersion: 1, by: 'Desk' } }) } }));
  await runtime.store.create(makeArticle({ id: 'corrected-one', published: '2026-02-28T09:00:00Z', localizations: { en: makeLocalization({ headline: 'A corrected story', slug: 'corrected', correction: 'An earlier version gave the wrong date.' }) } }));
  await runtime.store.kill('killed-one');
  for (const lang of ['en', 'ar']) {
    for (const [format, mediaType] of [['atom.xml', 'application/atom+xml'], ['rss.xml', 'application/rss+xml']] as const) {
      const xml = await (await app.request(`/${lang}/${format}`)).text();
      files.push({ name: `${lang}-${format}`, mediaType, xml });
    }
  }
  app.services.publisher.stop();
  readings.set('feedparser', await readWithFeedparser(files));
  readings.set('newsboat', await readWithNewsboat(files));
  readings.set('rss-parser', await readWithRssParser(files));
  await runtime.store.close();
}, 60_000);

describe.each(['feedparser', 'newsboat', 'rss-parser'])('%s', (reader) => {
  it('shows the live stories only: a tombstone is no entry, hub and archive links are no entry links', () => {
    expect(files.find((f) => f.name === 'en-atom.xml')!.xml).toContain('<at:deleted-entry');
    expect(files.find((f) => f.name === 'en-atom.xml')!.xml).toContain(`<link href="${HUB}" rel="hub"/>`);
    expect(files.find((f) => f.name === 'en-atom.xml')!.xml).toContain('rel="prev-archive"');
    for (const file of files) {
      const entries = readings.get(reader)!.get(file.name)!;
      const lang = file.name.slice(0, 2);
      const expectedLinks = lang === 'en' ? [`${BASE}/en/articles/corrected-one`, `${BASE}/en/articles/2021-02-18-nato-iraq-mission-eightfold`] : [`${BASE}/ar/articles/2021-02-18-nato-iraq-mission-eightfold`];
      // newsboat lists its cache in its own order: compared as sets.
      expect(entries.map((e) => e.link).sort(), `${reader} ${file.name}`).toEqual(expectedLinks.sort());
      expect(entries.map((e) => e.title).join(' | ')).not.toMatch(/killed|سحب/);
    }
  });
});

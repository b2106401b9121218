import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomFormat } from '../../src/formats/atom/index.js';
import { jsonFeedFormat } from '../../src/formats/jsonfeed/index.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import { CONTENT_MEDIA_DIR } from '../../src/publish/media-files.js';
import { sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

/** Issue 9 item 7: pictures as readers take them. */
const PHOTO = 'https://rojname.example/media/nato-mission-iraq.jpg';

describe('pictures for feed readers', () => {
  it('RSS carries media:content, media:thumbnail and an enclosure with the file’s true length', () => {
    const xml = rssFormat.render(sampleFeed('ckb'));
    const size = statSync(join(CONTENT_MEDIA_DIR, 'nato-mission-iraq.jpg')).size;
    expect(xml).toContain(`<enclosure url="${PHOTO}" length="${size}" type="image/jpeg"/>`);
    expect(xml).toContain(`<media:thumbnail url="${PHOTO}" width="1200" height="675"/>`);
    expect(xml).toMatch(new RegExp(`<media:content url="${PHOTO.replace(/\./g, '\\.')}" type="image/jpeg" medium="image" width="1200" height="675">`));
  });

  it('gives an external picture, whose length is unknown, no enclosure (RSS requires the length) but a thumbnail', () => {
    const article = sampleArticle();
    article.images[0]!.url = 'https://images.example.org/photos/nato.jpg';
    const xml = rssFormat.render(sampleFeed('en', [article]));
    expect(xml).not.toContain('<enclosure');
    expect(xml).toContain('<media:thumbnail url="https://images.example.org/photos/nato.jpg" width="1200" height="675"/>');
  });

  it('writes every <img> absolute, eager and with width and height, in every format', () => {
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) {
      const feed = sampleFeed(lang);
      const json = JSON.parse(jsonFeedFormat.render(feed)) as { items: { image: string; content_html: string }[] };
      expect(json.items[0]!.image).toBe(PHOTO);
      const bodies = [json.items[0]!.content_html, rssFormat.render(feed).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'), atomFormat.render(feed).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')];
      for (const html of bodies) {
        const imgs = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
        expect(imgs.length, lang).toBeGreaterThan(0);
        for (const img of imgs) {
          expect(img).toMatch(/ src="https:\/\/[^"]+"/);
          expect(img).toMatch(/ width="\d+"/);
          expect(img).toMatch(/ height="\d+"/);
          expect(img).toContain(' loading="eager"');
        }
      }
    }
  });
});

describe('pictures uploaded into the store', () => {
  it('get an RSS enclosure with the uploaded length too', async () => {
    const { makeHarness, admin } = await import('../http/harness.js');
    const { readFileSync } = await import('node:fs');
    const h = await makeHarness();
    const png = readFileSync(join(CONTENT_MEDIA_DIR, 'rojname-logo.png'));
    const up = await h.app.request('/api/media', { method: 'POST', headers: admin({ 'content-type': 'image/png' }), body: new Uint8Array(png) });
    expect(up.status).toBe(201);
    const media = (await up.json()) as { url: string; bytes: number; width: number; height: number };
    expect(media.bytes).toBe(png.length);
    const story = {
      id: 'with-upload',
      pubStatus: 'usable',
      published: '2026-02-28T12:00:00Z',
      sourceLanguage: 'en',
      provider: { name: 'Rojname', uri: 'https://rojname.example/' },
      located: { name: { en: 'Erbil' }, countryCode: 'IQ' },
      subjects: [],
      contributors: [],
      images: [{ url: media.url, mediaType: 'image/png', width: media.width, height: media.height, credit: 'Rojname', caption: { en: 'The logo' }, alt: { en: 'Logo' } }],
      localizations: { en: { headline: 'With an uploaded picture', summary: 'S.', dateline: 'ERBIL (Rojname)', slug: 'with-upload', body: [{ type: 'paragraph', text: 'B.' }] } },
    };
    const created = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(story) });
    expect(created.status, await created.clone().text()).toBe(201);
    const rss = await (await h.app.request('/en/rss.xml')).text();
    expect(rss).toContain(`<enclosure url="https://rojname.example${media.url}" length="${png.length}" type="image/png"/>`);
  });
});

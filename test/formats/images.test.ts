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

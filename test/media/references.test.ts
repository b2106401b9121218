import { describe, expect, it } from 'vitest';
import type { Article, Image } from '../../src/article/types.js';
import { mediaReferenceProblems, referencedUploads } from '../../src/media/references.js';

const SHA = 'a'.repeat(64);
const stored = new Map([[SHA, { type: 'image/png', width: 37, height: 21 }]]);

function image(url: string, overrides: Partial<Image> = {}): Image {
  return { url, mediaType: 'image/png', width: 37, height: 21, credit: 'Rojname', caption: { en: 'A picture' }, alt: { en: 'A picture' }, ...overrides };
}
function story(images: Image[]): Article {
  return { images } as unknown as Article;
}

describe('mediaReferenceProblems', () => {
  it('accepts an uploaded picture, a shipped file and an absolute URL, each as it is', () => {
    const value = story([
      image(`/media/${SHA}.png`),
      image('/media/nato-mission-iraq.jpg', { mediaType: 'image/jpeg', width: 1200, height: 675 }),
      image('https://images.example/elsewhere.jpg', { mediaType: 'image/jpeg', width: 10, height: 10 }),
    ]);
    expect(mediaReferenceProblems(value, undefined, stored)).toEqual([]);
  });
  it('names each image that is not there, by its pointer', () => {
    const value = story([image('/media/missing.png'), image(`/media/${'b'.repeat(64)}.png`), image('/pages/x.png')]);
    expect(mediaReferenceProblems(value, undefined, stored)).toEqual([
      { pointer: '/images/0/url', message: '"/media/missing.png" is not a picture this service has: upload it first (POST /api/media, or rojname media add FILE) and use the URL it returns' },
      { pointer: '/images/1/url', message: `"/media/${'b'.repeat(64)}.png" is not a picture this service has: upload it first (POST /api/media, or rojname media add FILE) and use the URL it returns` },
      { pointer: '/images/2/url', message: '"/pages/x.png" is a path on this service that serves no picture: give an uploaded picture\'s /media/… URL (POST /api/media, rojname media add) or an absolute http(s) URL' },
    ]);
  });
  it('refuses an uploaded picture under another extension than its type has (it is not served there)', () => {
    expect(mediaReferenceProblems(story([image(`/media/${SHA}.jpg`, { mediaType: 'image/jpeg' })]), undefined, stored).map((p) => p.pointer)).toEqual(['/images/0/url']);
  });
  it('names a type, width and height that differ from the file, each at its own pointer', () => {
    const value = story([image('/media/rojname-logo.png', { mediaType: 'image/jpeg', width: 100, height: 144 }), image(`/media/${SHA}.png`, { height: 22 })]);
    expect(mediaReferenceProblems(value, undefined, stored)).toEqual([
      { pointer: '/images/0/mediaType', message: 'must be image/png, the type of /media/rojname-logo.png, not image/jpeg' },
      { pointer: '/images/0/width', message: 'must be 144, the width of /media/rojname-logo.png (144×144), not 100' },
      { pointer: '/images/1/height', message: `must be 21, the height of /media/${SHA}.png (37×21), not 22` },
    ]);
  });
  it('checks only images new or changed since the previous version', () => {
    const previous = story([image('/media/gone-since.png')]);
    expect(mediaReferenceProblems(story([image('/media/gone-since.png')]), previous, stored)).toEqual([]);
    expect(mediaReferenceProblems(story([image('/media/gone-since.png', { width: 38 })]), previous, stored).map((p) => p.pointer)).toEqual(['/images/0/url']);
  });
  it('asks the store only for the uploads among the new references', () => {
    const previous = story([image(`/media/${'c'.repeat(64)}.png`)]);
    const value = story([image(`/media/${'c'.repeat(64)}.png`), image(`/media/${SHA}.png`), image(`/media/${SHA}.png`), image('/media/rojname-logo.png')]);
    expect(referencedUploads(value, previous)).toEqual([SHA]);
  });
});

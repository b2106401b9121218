import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImageError, sniffImage, sniffType } from '../../src/media/sniff.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const shipped = (name: string) => readFileSync(new URL(`../../content/media/${name}`, import.meta.url));

/** A JPEG stream of the given segments (marker, payload) after SOI, then EOI. */
function jpeg(...segments: [number, number[]][]): Buffer {
  const parts = [Buffer.from([0xff, 0xd8])];
  for (const [marker, payload] of segments) {
    const len = payload.length + 2;
    parts.push(Buffer.from([0xff, marker, len >> 8, len & 0xff, ...payload]));
  }
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}
/** A SOFn payload: precision 8, height, width, one component. */
const frame = (width: number, height: number) => [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
const APP0 = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];

function problemOf(bytes: Uint8Array): string {
  try {
    sniffImage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageError);
    return (error as Error).message;
  }
  throw new Error('sniffImage accepted it');
}

describe('sniffImage: real files', () => {
  it.each([
    ['a baseline JPEG (content/media)', shipped('nato-mission-iraq.jpg'), { type: 'image/jpeg', width: 1200, height: 675 }],
    ['a 16-bit PNG (content/media)', shipped('rojname-logo.png'), { type: 'image/png', width: 144, height: 144 }],
    ['an 8-bit PNG', fixture('opaque-37x21.png'), { type: 'image/png', width: 37, height: 21 }],
    ['a lossy WebP (VP8, made by cwebp)', fixture('lossy-37x21.webp'), { type: 'image/webp', width: 37, height: 21 }],
    ['a lossless WebP (VP8L)', fixture('lossless-37x21.webp'), { type: 'image/webp', width: 37, height: 21 }],
    ['a WebP with alpha (VP8X)', fixture('alpha-37x21.webp'), { type: 'image/webp', width: 37, height: 21 }],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffImage(bytes)).toEqual(expected);
  });
  it('tells the three first chunks of WebP apart by their own bytes', () => {
    expect(['lossy', 'lossless', 'alpha'].map((k) => fixture(`${k}-37x21.webp`).subarray(12, 16).toString('latin1'))).toEqual(['VP8 ', 'VP8L', 'VP8X']);
  });
});

describe('sniffImage: JPEG marker segments', () => {
  it('reads a progressive frame (SOF2) after APP segments and fill bytes', () => {
    const bytes = jpeg([0xe0, APP0], [0xdb, new Array(65).fill(1)], [0xc2, frame(640, 427)]);
    // 0xFF fill bytes before a marker are allowed (T.81 §B.1.1.2).
    const filled = Buffer.concat([bytes.subarray(0, 2), Buffer.from([0xff, 0xff]), bytes.subarray(2)]);
    expect(sniffImage(filled)).toEqual({ type: 'image/jpeg', width: 640, height: 427 });
  });
  it('skips DHT (C4), which is not a frame header, and reads the SOF0 after it', () => {
    expect(sniffImage(jpeg([0xc4, [0, 1, 2, 3]], [0xc0, frame(3, 2)]))).toEqual({ type: 'image/jpeg', width: 3, height: 2 });
  });
  it('refuses a JPEG that gives its height only after the first scan (DNL)', () => {
    expect(problemOf(jpeg([0xc0, frame(100, 0)]))).toBe('is a JPEG image that gives its height only after the first scan (DNL), which is not supported');
  });
  it('refuses a JPEG whose image data starts before any frame header', () => {
    expect(problemOf(jpeg([0xe0, APP0], [0xda, [1, 1, 0, 0, 0x3f, 0]]))).toBe('is a JPEG image without a frame header (SOF) before its image data (truncated or damaged)');
  });
  it('refuses a JPEG cut off in its headers', () => {
    const whole = shipped('nato-mission-iraq.jpg');
    expect(problemOf(whole.subarray(0, 40))).toBe('is a JPEG image without a frame header (SOF) before its image data (truncated or damaged)');
  });
  it('refuses a JPEG whose segments do not follow one another', () => {
    expect(problemOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0x12, 0x34]))).toBe('is a JPEG image whose marker segments are damaged (byte 8)');
  });
});

describe('sniffImage: what it refuses', () => {
  it.each([
    ['nothing', Buffer.alloc(0), 'is empty'],
    ['text', Buffer.from('{"not": "a picture"}'), 'is not a JPEG, PNG or WebP image (its first bytes are none of theirs)'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'), 'is not a JPEG, PNG or WebP image (its first bytes are none of theirs)'],
    ['a PNG signature alone', fixture('opaque-37x21.png').subarray(0, 16), 'is a PNG image without its IHDR header (truncated or damaged)'],
    ['a WebP shorter than its RIFF size', fixture('lossy-37x21.webp').subarray(0, 100), 'is a WebP image shorter than its RIFF header says (truncated)'],
    ['a WebP with an unknown first chunk', Buffer.concat([Buffer.from('RIFF\x16\x00\x00\x00WEBPABCD', 'latin1'), Buffer.alloc(14)]), 'is a WebP image whose first chunk is "ABCD", not VP8, VP8L or VP8X'],
  ])('%s', (_name, bytes, message) => {
    expect(problemOf(bytes)).toBe(message);
  });
  it('refuses a PNG of no pixels, and one larger than a story can show', () => {
    const png = Buffer.from(fixture('opaque-37x21.png'));
    png.writeUInt32BE(0, 16);
    expect(problemOf(png)).toBe('is a PNG image of 0×21 pixels, which has no pixels to show');
    png.writeUInt32BE(200_000, 16);
    expect(problemOf(png)).toBe("is a PNG image of 200000×21 pixels; a story's image is at most 100000 pixels a side");
  });
  it('reads the type from the magic numbers alone', () => {
    expect([shipped('nato-mission-iraq.jpg'), shipped('rojname-logo.png'), fixture('lossy-37x21.webp'), Buffer.from('RIFF0000WAVE')].map(sniffType)).toEqual(['image/jpeg', 'image/png', 'image/webp', undefined]);
  });
});

/**
 * What a picture is, read from its own bytes: the type from its magic numbers and the size from its
 * header, never from a file name or a Content-Type. Three formats, each read as its spec lays it out
 * (ITU T.81 for JPEG, RFC 2083 / PNG 3rd ed. for PNG, RFC 9649 for WebP). Only the headers are read:
 * a file whose pixels are broken but whose header is sound is still measured.
 */

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The types the editors' API takes, with the file extension their URLs end in. */
export const IMAGE_TYPES: Readonly<Record<ImageType, { extension: string; name: string }>> = {
  'image/jpeg': { extension: 'jpg', name: 'JPEG' },
  'image/png': { extension: 'png', name: 'PNG' },
  'image/webp': { extension: 'webp', name: 'WebP' },
};

/** The article schema's largest `images[].width` and `height`. */
export const MAX_SIDE = 100_000;

export interface ImageFacts {
  type: ImageType;
  width: number;
  height: number;
}

/** Why a file is not a picture we take: one sentence, safe to show to whoever sent it. */
export class ImageError extends Error {
  override name = 'ImageError';
}

/** The type and size of a JPEG, PNG or WebP file; an `ImageError` saying why for anything else. */
export function sniffImage(bytes: Uint8Array): ImageFacts {
  if (bytes.length === 0) throw new ImageError('is empty');
  const type = sniffType(bytes);
  if (!type) throw new ImageError('is not a JPEG, PNG or WebP image (its first bytes are none of theirs)');
  const size = type === 'image/png' ? pngSize(bytes) : type === 'image/jpeg' ? jpegSize(bytes) : webpSize(bytes);
  const name = IMAGE_TYPES[type].name;
  if (size.width < 1 || size.height < 1) throw new ImageError(`is a ${name} image of ${size.width}×${size.height} pixels, which has no pixels to show`);
  // The article schema's bound for images[].width and height: a story could not show a larger one.
  if (size.width > MAX_SIDE || size.height > MAX_SIDE) throw new ImageError(`is a ${name} image of ${size.width}×${size.height} pixels; a story's image is at most ${MAX_SIDE} pixels a side`);
  return { type, ...size };
}

/** The type the magic numbers say, or undefined. */
export function sniffType(b: Uint8Array): ImageType | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

/** PNG: the IHDR chunk comes first, right after the signature; width and height are its first 8 bytes, big-endian. */
function pngSize(b: Uint8Array): { width: number; height: number } {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') throw new ImageError('is a PNG image without its IHDR header (truncated or damaged)');
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/**
 * JPEG: walk the marker segments from SOI to the first SOFn frame header (T.81 §B.2.2: precision,
 * then height and width, big-endian). Markers may be padded with 0xFF fill bytes; RSTn, TEM and SOI
 * stand alone; every other segment says its length. SOF markers are C0–CF except C4 (DHT), C8 (JPG)
 * and CC (DAC).
 */
function jpegSize(b: Uint8Array): { width: number; height: number } {
  let at = 2;
  while (at < b.length) {
    if (b[at] !== 0xff) throw new ImageError(`is a JPEG image whose marker segments are damaged (byte ${at})`);
    while (b[at] === 0xff) at++;
    const marker = b[at++];
    if (marker === undefined) break;
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) continue;
    if (marker === 0xd9 || marker === 0xda) break;
    if (at + 2 > b.length) break;
    const length = u16be(b, at);
    if (length < 2) throw new ImageError(`is a JPEG image whose marker segments are damaged (byte ${at})`);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 7 > b.length) break;
      const height = u16be(b, at + 3);
      const width = u16be(b, at + 5);
      // T.81 §B.2.5: a height of 0 is given later, in a DNL segment after the first scan.
      if (height === 0) throw new ImageError('is a JPEG image that gives its height only after the first scan (DNL), which is not supported');
      return { width, height };
    }
    at += length;
  }
  throw new ImageError('is a JPEG image without a frame header (SOF) before its image data (truncated or damaged)');
}

/**
 * WebP (RFC 9649): a RIFF container whose first chunk is `VP8 ` (lossy: a key frame's 14-bit sizes
 * after its start code), `VP8L` (lossless: 14-bit sizes minus one after the 0x2F signature) or
 * `VP8X` (extended: 24-bit canvas sizes minus one).
 */
function webpSize(b: Uint8Array): { width: number; height: number } {
  const riffSize = u32le(b, 4);
  if (b.length < 30 || riffSize + 8 > b.length || riffSize < 4) throw new ImageError('is a WebP image shorter than its RIFF header says (truncated)');
  const chunk = ascii(b, 12, 4);
  const data = 20;
  if (chunk === 'VP8 ') {
    if (b[data + 3] !== 0x9d || b[data + 4] !== 0x01 || b[data + 5] !== 0x2a) throw new ImageError('is a lossy WebP image without a key frame start code');
    return { width: u16le(b, data + 6) & 0x3fff, height: u16le(b, data + 8) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[data] !== 0x2f) throw new ImageError('is a lossless WebP image without its 0x2F signature');
    const bits = u32le(b, data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: u24le(b, data + 4) + 1, height: u24le(b, data + 7) + 1 };
  throw new ImageError(`is a WebP image whose first chunk is "${chunk.replace(/[^\x20-\x7e]/g, '?')}", not VP8, VP8L or VP8X`);
}

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((byte, i) => b[i] === byte);
}
function ascii(b: Uint8Array, at: number, n: number): string {
  return at + n > b.length ? '' : String.fromCharCode(...b.subarray(at, at + n));
}
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;

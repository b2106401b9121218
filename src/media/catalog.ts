import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_TYPES, ImageError, sniffImage, type ImageType } from './sniff.js';

/** The pictures shipped with rojname (`content/media/`), served at `/media/{file}` beside the uploaded ones. */
export const MEDIA_DIR = new URL('../../content/media/', import.meta.url).pathname;

/** The most bytes one upload may have: 20 MiB. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** A picture as a story may reference it: its type, and its size where it is known. */
export interface KnownMedia {
  type: string;
  width?: number;
  height?: number;
}

/** An uploaded picture, as the store keeps it (content-addressed by the SHA-256 of its bytes). */
export interface MediaInfo {
  /** Lower-case hex. */
  sha256: string;
  type: ImageType;
  /** Size in bytes. */
  bytes: number;
  width: number;
  height: number;
  /** RFC 3339: when it was first uploaded. */
  createdAt: string;
}

/** What `POST /api/media` answers and `rojname media add` prints. */
export interface MediaReceipt {
  url: string;
  type: ImageType;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
}

/** An uploaded picture's URL on this service: `/media/{sha256}.{jpg|png|webp}`, the same for the same bytes. */
export function mediaUrl(sha256: string, type: ImageType): string {
  return `/media/${sha256}.${IMAGE_TYPES[type].extension}`;
}

export function toReceipt(m: MediaInfo): MediaReceipt {
  return { url: mediaUrl(m.sha256, m.type), type: m.type, bytes: m.bytes, width: m.width, height: m.height, sha256: m.sha256 };
}

const STORED_NAME = /^([0-9a-f]{64})\.(jpg|png|webp)$/;
/** A file name `/media/{file}` may name (the route's pattern): no slash, no leading dot. */
export const MEDIA_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp|gif|avif)$/i;

/** The SHA-256 an uploaded picture's file name (`{sha256}.{ext}`) carries, with its extension; undefined for any other name. */
export function parseStoredName(file: string): { sha256: string; extension: string } | undefined {
  const m = STORED_NAME.exec(file);
  return m ? { sha256: m[1]!, extension: m[2]! } : undefined;
}

/** Whether an uploaded picture's URL names it with the extension of its own type (the one URL it is served at). */
export function extensionFits(extension: string, type: string): boolean {
  return IMAGE_TYPES[type as ImageType]?.extension === extension;
}

const EXTENSION_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/** The Content-Type a shipped file is served with, by its extension. */
export function shippedType(file: string): string | undefined {
  return EXTENSION_TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()];
}

const shipped = new Map<string, { stamp: string; facts: KnownMedia }>();

/**
 * A file shipped in `content/media/`, measured from its bytes (read again when it changes), or
 * undefined when there is none. Types this module cannot measure (GIF, AVIF) are known by type only.
 */
export function findShippedMedia(file: string, dir = MEDIA_DIR): KnownMedia | undefined {
  if (!MEDIA_FILE_NAME.test(file)) return undefined;
  const path = join(dir, file);
  let stamp: string;
  try {
    const info = statSync(path);
    if (!info.isFile()) return undefined;
    stamp = `${dir}\0${info.size}\0${info.mtimeMs}`;
  } catch {
    return undefined;
  }
  const cached = shipped.get(file);
  if (cached?.stamp === stamp) return cached.facts;
  const type = shippedType(file)!;
  let facts: KnownMedia = { type };
  try {
    const measured = sniffImage(readFileSync(path));
    facts = measured;
  } catch (error) {
    if (!(error instanceof ImageError)) return undefined;
  }
  shipped.set(file, { stamp, facts });
  return facts;
}

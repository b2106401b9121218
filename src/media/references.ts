import type { Article, Image } from '../article/types.js';
import type { Problem } from '../validate/problems.js';
import { findShippedMedia, parseStoredName, extensionFits, type KnownMedia } from './catalog.js';

/**
 * Which pictures a story may show: an absolute http(s) URL (another site's picture, with the size
 * the writer gives), or a picture on this service, `/media/{file}`, that exists: uploaded to the
 * store (`/media/{sha256}.{ext}`) or shipped in `content/media/`, with the type and size it has.
 * Anything else would be a broken picture in every feed and page.
 *
 * Only images new or changed since the previous version are checked: a reference once accepted
 * stays accepted, so a kill or an edit of the text never fails on a picture nobody touched.
 */
export function mediaReferenceProblems(article: Article, previous: Article | undefined, stored: ReadonlyMap<string, KnownMedia>): Problem[] {
  const problems: Problem[] = [];
  article.images.forEach((image, i) => {
    if (previous?.images.some((before) => sameReference(before, image))) return;
    const at = `/images/${i}`;
    if (/^https?:\/\//i.test(image.url)) return;
    const file = /^\/media\/([^/?#]+)$/.exec(image.url)?.[1];
    if (file === undefined) {
      problems.push({ pointer: `${at}/url`, message: `"${image.url}" is a path on this service that serves no picture: give an uploaded picture's /media/… URL (POST /api/media, rojname media add) or an absolute http(s) URL` });
      return;
    }
    const found = findMedia(file, stored);
    if (!found) {
      problems.push({ pointer: `${at}/url`, message: `"${image.url}" is not a picture this service has: upload it first (POST /api/media, or rojname media add FILE) and use the URL it returns` });
      return;
    }
    if (found.type !== image.mediaType) problems.push({ pointer: `${at}/mediaType`, message: `must be ${found.type}, the type of ${image.url}, not ${image.mediaType}` });
    if (found.width !== undefined && found.width !== image.width) problems.push({ pointer: `${at}/width`, message: `must be ${found.width}, the width of ${image.url} (${found.width}×${found.height}), not ${image.width}` });
    if (found.height !== undefined && found.height !== image.height) problems.push({ pointer: `${at}/height`, message: `must be ${found.height}, the height of ${image.url} (${found.width}×${found.height}), not ${image.height}` });
  });
  return problems;
}

/** The SHA-256 of every uploaded picture the story's new or changed images name: what the store must look up first. */
export function referencedUploads(article: Article, previous: Article | undefined): string[] {
  const hashes = new Set<string>();
  for (const image of article.images) {
    if (previous?.images.some((before) => sameReference(before, image))) continue;
    const file = /^\/media\/([^/?#]+)$/.exec(image.url)?.[1];
    const stored = file === undefined ? undefined : parseStoredName(file);
    if (stored) hashes.add(stored.sha256);
  }
  return [...hashes];
}

/** An uploaded picture (by the hashes the store looked up), else a shipped file. */
function findMedia(file: string, stored: ReadonlyMap<string, KnownMedia>): KnownMedia | undefined {
  const name = parseStoredName(file);
  if (name) {
    const m = stored.get(name.sha256);
    // Served at one URL only: the one with its own type's extension.
    if (m && extensionFits(name.extension, m.type)) return m;
  }
  return findShippedMedia(file);
}

function sameReference(a: Image, b: Image): boolean {
  return a.url === b.url && a.mediaType === b.mediaType && a.width === b.width && a.height === b.height;
}

import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The pictures shipped with the site (`content/media/`), served at `/media/{file}`. */
export const CONTENT_MEDIA_DIR = new URL('../../content/media/', import.meta.url).pathname;

const SAFE_FILE = /^\/media\/([A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp|gif|avif))$/;

/**
 * The byte length of a shipped picture a story names as `/media/{file}`, read once per file
 * (publishing reads it for RSS enclosures; the request path never does). Undefined for any other
 * URL: an external picture's length is not known without fetching it, so it gets no enclosure.
 */
export function contentMediaLengths(dir: string = CONTENT_MEDIA_DIR): (url: string) => number | undefined {
  const known = new Map<string, number | undefined>();
  return (url) => {
    const file = SAFE_FILE.exec(url)?.[1];
    if (file === undefined) return undefined;
    if (!known.has(file)) {
      let size: number | undefined;
      try {
        size = statSync(join(dir, file)).size;
      } catch {
        size = undefined;
      }
      known.set(file, size);
    }
    return known.get(file);
  };
}

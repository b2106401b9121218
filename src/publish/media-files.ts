import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MEDIA_DIR, parseStoredName } from '../media/catalog.js';
import type { ArticleStore, StoryVersion } from '../store/store.js';

/** The pictures shipped with the site (`content/media/`), served at `/media/{file}`. */
export const CONTENT_MEDIA_DIR = MEDIA_DIR;

const SAFE_FILE = /^\/media\/([A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp|gif|avif))$/;

/**
 * The byte length of a picture a story names as `/media/{file}`: a shipped file (read once), or
 * one uploaded into the store (`/media/{sha256}.{ext}`: content-addressed, so its size never
 * changes once known). RSS enclosures need it. Rendering is synchronous, the store is not: a
 * renderer calls `prefetch` with the versions it is about to render, then `length` answers from
 * memory. Undefined for any other URL: an external picture's length is not known without fetching
 * it, so it gets no enclosure.
 */
export class MediaLengths {
  readonly #known = new Map<string, number | undefined>();

  constructor(
    private readonly store?: Pick<ArticleStore, 'getMedia'>,
    private readonly dir: string = CONTENT_MEDIA_DIR,
  ) {}

  readonly length = (url: string): number | undefined => {
    const file = SAFE_FILE.exec(url)?.[1];
    if (file === undefined) return undefined;
    if (!this.#known.has(file)) {
      if (parseStoredName(file)) return undefined;
      let size: number | undefined;
      try {
        size = statSync(join(this.dir, file)).size;
      } catch {
        size = undefined;
      }
      this.#known.set(file, size);
    }
    return this.#known.get(file);
  };

  /** Reads from the store the sizes of the uploaded pictures these versions show that are not known yet. */
  async prefetch(versions: readonly StoryVersion[]): Promise<void> {
    if (!this.store) return;
    const wanted = new Set<string>();
    for (const v of versions) {
      const url = v.article.images[0]?.url;
      const file = url === undefined ? undefined : SAFE_FILE.exec(url)?.[1];
      const stored = file === undefined ? undefined : parseStoredName(file);
      if (file !== undefined && stored && !this.#known.has(file)) wanted.add(file);
    }
    await Promise.all(
      [...wanted].map(async (file) => {
        const media = await this.store!.getMedia(parseStoredName(file)!.sha256);
        this.#known.set(file, media?.bytes);
      }),
    );
  }
}

/** Lengths of the shipped pictures only (tests and tools without a store). */
export function contentMediaLengths(dir: string = CONTENT_MEDIA_DIR): (url: string) => number | undefined {
  return new MediaLengths(undefined, dir).length;
}

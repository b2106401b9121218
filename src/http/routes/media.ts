import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { extensionFits, MAX_MEDIA_BYTES, MEDIA_DIR, parseStoredName, shippedType } from '../../media/catalog.js';
import { IMAGE_TYPES } from '../../media/sniff.js';
import { isImageType, storeUpload } from '../../media/upload.js';
import { makeRendered, type Deferred, type Rendered } from '../../publish/rendered.js';
import type { AppEnv } from '../app.js';
import type { Services } from '../deps.js';
import { limitBody } from '../body-limit.js';
import { drainBody } from '../drain.js';
import { problemResponse } from '../problem.js';
import { etagMatches, sendRendered } from '../send.js';

export { MEDIA_DIR };

/** An uploaded picture's bytes never change at its URL (the URL is their hash): cached for a year, never revalidated. */
const UPLOADED_CACHE = 'public, max-age=31536000, immutable';
/** A shipped file may be replaced in a new release. */
const SHIPPED_CACHE = 'public, max-age=86400';

/**
 * `POST /api/media` (the editors' upload, behind their token: registered after the editors'
 * middleware) and `GET /media/{file}`: uploaded pictures from the store, by hash, and the files
 * shipped in content/media, read once and kept.
 */
export function registerMediaRoutes(app: Hono<AppEnv>, s: Services): void {
  app.post(
    '/api/media',
    // Refused before it is read when Content-Length says too much, and as soon as a chunked body passes the limit.
    limitBody(MAX_MEDIA_BYTES, async (c) => {
      await drainBody(c.req.raw);
      return problemResponse(c, 413, 'Picture too large', `A picture is at most ${MAX_MEDIA_BYTES} bytes (20 MiB).`, { limitBytes: MAX_MEDIA_BYTES }, { connection: 'close' });
    }),
    async (c) => {
      const declared = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!isImageType(declared)) {
        await drainBody(c.req.raw);
        return problemResponse(c, 415, 'Unsupported media type', `Send the picture's bytes as the body, with Content-Type ${Object.keys(IMAGE_TYPES).join(', ')}.`);
      }
      const body = Buffer.from(await c.req.arrayBuffer());
      const { receipt, created } = await storeUpload(s.store, body, { declared, where: 'the body' });
      // The same bytes again: the same URL, nothing new created.
      return c.json(receipt, created ? 201 : 200, { location: receipt.url, 'cache-control': 'no-store' });
    },
  );
  app.all('/api/media', (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: POST.', {}, { allow: 'POST' }));

  const shipped = new Map<string, Rendered>();
  app.get('/media/:file{[A-Za-z0-9][A-Za-z0-9._-]*\\.(?:jpe?g|png|webp|gif|avif)}', async (c) => {
    const file = c.req.param('file');
    const name = parseStoredName(file);
    if (name) {
      const answer = await sendUploaded(c, s, name.sha256, name.extension);
      if (answer) return answer;
    }
    let r = shipped.get(file);
    if (!r) {
      const path = join(MEDIA_DIR, file);
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]).catch(() => [undefined, undefined]);
      if (!bytes || !info) return problemResponse(c, 404, 'Not found', `no media file "${file}"`);
      r = makeRendered(bytes, shippedType(file)!, undefined, info.mtime);
      shipped.set(file, r);
    }
    return sendRendered(c, r, SHIPPED_CACHE);
  });
}

/** An uploaded picture, byte for byte: ETag its SHA-256, 304 without reading its bytes. Undefined when the store has none at that name. */
async function sendUploaded(c: Context<AppEnv>, s: Services, sha256: string, extension: string): Promise<Response | undefined> {
  const etag = `"${sha256}"`;
  const inm = c.req.header('if-none-match');
  const revalidated = inm !== undefined && etagMatches(inm, etag);
  const media = await s.store.getMedia(sha256, !revalidated);
  // Served at one URL only: the one with its own type's extension.
  if (!media || !extensionFits(extension, media.type)) return undefined;
  const lastModified = new Date(media.createdAt);
  const r: Rendered | Deferred = media.body
    ? makeRendered(media.body, media.type, undefined, lastModified, etag)
    : { etag, lastModified, contentType: media.type, render: () => { throw new Error('a revalidated picture is never rendered'); } };
  return sendRendered(c, r, UPLOADED_CACHE);
}

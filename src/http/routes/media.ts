import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import type { Services } from '../deps.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';
import { makeRendered, type Rendered } from '../../publish/rendered.js';

export const MEDIA_DIR = new URL('../../../content/media/', import.meta.url).pathname;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/** `GET /media/{file}`: the pictures stories and feeds point at, read once and kept. */
export function registerMediaRoutes(app: Hono<AppEnv>, _s: Services): void {
  const cache = new Map<string, Rendered>();
  app.get('/media/:file{[A-Za-z0-9][A-Za-z0-9._-]*\\.(?:jpe?g|png|webp|gif|avif)}', async (c) => {
    const file = c.req.param('file');
    let r = cache.get(file);
    if (!r) {
      const path = join(MEDIA_DIR, file);
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]).catch(() => [undefined, undefined]);
      if (!bytes || !info) return problemResponse(c, 404, 'Not found', `no media file "${file}"`);
      const type = TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()]!;
      r = makeRendered(bytes, type, undefined, info.mtime);
      cache.set(file, r);
    }
    return sendRendered(c, r, 'public, max-age=86400');
  });
}

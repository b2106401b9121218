import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** One response body, rendered once, compressed once, with its validators. */
export interface Rendered {
  body: Buffer;
  /** Set once compression (off the main thread) is done; absent for small or pre-compressed bodies. */
  gzip?: Buffer;
  br?: Buffer;
  /** Present while compression runs; settles (and is removed) once `gzip` and `br` are set. */
  compressing?: Promise<void>;
  /** Strong entity tag of the identity body, quoted. */
  etag: string;
  lastModified: Date;
  /** Full Content-Type, with charset. */
  contentType: string;
  /** Absent for language-neutral bodies such as pictures. */
  contentLanguage?: string;
}

/** Validators and headers of a body that is rendered only when someone needs the bytes. */
export interface Deferred {
  etag: string;
  lastModified: Date;
  contentType: string;
  contentLanguage?: string;
  /** Renders (or returns the cached) body; never called for a 304. */
  render(): Rendered;
}

/** Below this, compression costs more than it saves. */
const MIN_COMPRESS = 512;

/**
 * Compression levels, chosen by measuring size against time on our feeds (`npm run bench`,
 * "compression" rows): brotli 5 is within a few per cent of brotli 9's size at a fraction of its
 * time, and gzip 6 (zlib's default) is where gzip's size curve flattens.
 */
export const BROTLI_QUALITY = 5;
export const GZIP_LEVEL = 6;

/** The strong entity tag of some bytes: a hash of them. */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Wraps a published body. Text bodies are compressed once, in libuv's thread pool, so neither the
 * publisher nor any request pays for it on the main thread; until then the identity body is served.
 */
export function makeRendered(content: string | Buffer, contentType: string, contentLanguage: string | undefined, lastModified: Date, etag?: string): Rendered {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const r: Rendered = {
    body,
    etag: etag ?? etagOf(body),
    lastModified,
    contentType,
    ...(contentLanguage ? { contentLanguage } : {}),
  };
  if (typeof content === 'string' && body.length >= MIN_COMPRESS) {
    r.compressing = compress(r).finally(() => delete r.compressing);
  }
  return r;
}

async function compress(r: Rendered): Promise<void> {
  const [gz, br] = await Promise.all([
    new Promise<Buffer>((resolve, reject) => gzip(r.body, { level: GZIP_LEVEL }, (e, out) => (e ? reject(e) : resolve(out)))),
    new Promise<Buffer>((resolve, reject) =>
      brotliCompress(r.body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: r.body.length } }, (e, out) => (e ? reject(e) : resolve(out))),
    ),
  ]);
  // Both at once: a client never sees one encoding appear before the other.
  r.gzip = gz;
  r.br = br;
}

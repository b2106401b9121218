import { hash } from 'node:crypto';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/** One response body, rendered once, compressed once, with its validators. */
export interface Rendered {
  body: Buffer;
  /** Absent for small, binary or pre-compressed bodies. */
  gzip?: Buffer;
  br?: Buffer;
  /**
   * `fast` while the first, quick compression is served; `best` once the bytes were compressed
   * again at the best levels, in the background. Each has its own entity tag (`"…-br.1"`, `"…-br"`).
   */
  compression?: 'fast' | 'best';
  /** Set by the publisher when newer bytes replace these: their best compression is not worth making. */
  superseded?: boolean;
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
 * Compression levels, chosen by measuring size against time on 30-item feeds (`npm run bench`,
 * "compression" rows). A publication is first compressed fast, right away on the main thread (it is
 * on the write's path to readers, and handing so small a job to the thread pool costs the main
 * thread about as much as doing it): brotli 1 and gzip 1 take 0.05–0.15 ms for a 120 KB feed, where
 * brotli 3 / gzip 4 took 0.2–0.4 ms for 5–10 % fewer bytes. Those bytes are served for two
 * seconds at most: once the publication has stayed current that long it is compressed again at
 * brotli 9 / gzip 9 in libuv's thread pool (brotli 9 takes about 8 ms), swapped in when done.
 * Brotli 10–11 cost 10–20 times more again for a point or two.
 */
export const FAST = { brotli: 1, gzip: 1 } as const;
export const BEST = { brotli: 9, gzip: 9 } as const;

/** How long bytes must stay current before they are compressed at the best levels. */
const BEST_AFTER_MS = 2_000;

/** The strong entity tag of some bytes: a hash of them. */
export function etagOf(body: Buffer | string): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
}

/** Text, XML and JSON are worth compressing; pictures (and icons) are not. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:xml|json)\b)/;

/**
 * Wraps a published body: text bodies (by `contentType`) are compressed at once at the fast levels,
 * and later at the best ones off the main thread (see `FAST`/`BEST`). No request ever compresses anything.
 */
export function makeRendered(content: string | Buffer, contentType: string, contentLanguage: string | undefined, lastModified: Date, etag?: string): Rendered {
  return compress(makeUncompressed(content, contentType, contentLanguage, lastModified, etag));
}

/**
 * A body not compressed yet, not to be served before `compress` (a publisher compares it with
 * what it replaces first, and compresses only bytes that are new).
 */
export function makeUncompressed(content: string | Buffer, contentType: string, contentLanguage: string | undefined, lastModified: Date, etag?: string): Rendered {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { body, etag: etag ?? etagOf(body), lastModified, contentType, ...(contentLanguage ? { contentLanguage } : {}) };
}

/** `r` with its fast encodings (text bodies only), the best ones to follow once the bytes have stayed current a while. */
export function compress(r: Rendered): Rendered {
  if (r.body.length < MIN_COMPRESS || !COMPRESSIBLE.test(r.contentType)) return r;
  r.gzip = gzipSync(r.body, { level: FAST.gzip });
  r.br = brotliCompressSync(r.body, brotliParams(FAST.brotli, r.body.length));
  r.compression = 'fast';
  // After a quiet moment, so a burst of edits does not queue slow jobs for bytes soon replaced.
  setTimeout(() => {
    if (r.superseded) return;
    Promise.all([gzipInPool(r.body, BEST.gzip), brotliInPool(r.body, BEST.brotli)]).then(([gz, br]) => {
      // Both encodings at once: a client never sees one change before the other.
      [r.gzip, r.br] = [gz, br];
      r.compression = 'best';
    }, () => {});
  }, BEST_AFTER_MS).unref();
  return r;
}

const brotliParams = (quality: number, size: number) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: size } });
/** Compresses in libuv's thread pool, off the main thread. */
export const gzipInPool = (body: Buffer, level: number) => new Promise<Buffer>((resolve, reject) => gzip(body, { level }, (e, out) => (e ? reject(e) : resolve(out))));
export const brotliInPool = (body: Buffer, quality: number) => new Promise<Buffer>((resolve, reject) => brotliCompress(body, brotliParams(quality, body.length), (e, out) => (e ? reject(e) : resolve(out))));

/** The best-level compressions of a body, made here and now (the static build, whose files last). */
export function compressBest(body: Buffer): { gzip: Buffer; br: Buffer } {
  return { gzip: gzipSync(body, { level: BEST.gzip }), br: brotliCompressSync(body, brotliParams(BEST.brotli, body.length)) };
}

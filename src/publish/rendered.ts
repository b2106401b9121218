import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** One response body, rendered once, compressed once, with its validators. */
export interface Rendered {
  body: Buffer;
  /** Set once compression (off the main thread) is done; absent for small or pre-compressed bodies. */
  gzip?: Buffer;
  br?: Buffer;
  /** Present while the first compression runs; settles (and is removed) once `gzip` and `br` are set. */
  compressing?: Promise<void>;
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
 * Compression levels, chosen by measuring size against time on 30-item feeds (README, "Compression"):
 * a publication is first compressed fast (brotli 3, gzip 4: about 2 ms each for 150 KB, within 2–3
 * points of the best sizes), so the new feed is out at once; then again at brotli 9 / gzip 9 (about
 * 20 ms and 6 ms, 1–3 points smaller), off the main thread, swapped in when done. Brotli 10–11 cost
 * 10–20 times more again for another point or two.
 */
export const FAST = { brotli: 3, gzip: 4 } as const;
export const BEST = { brotli: 9, gzip: 9 } as const;

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
  const levels = (level: typeof FAST | typeof BEST) =>
    Promise.all([
      new Promise<Buffer>((resolve, reject) => gzip(r.body, { level: level.gzip }, (e, out) => (e ? reject(e) : resolve(out)))),
      new Promise<Buffer>((resolve, reject) =>
        brotliCompress(r.body, { params: { [constants.BROTLI_PARAM_QUALITY]: level.brotli, [constants.BROTLI_PARAM_SIZE_HINT]: r.body.length } }, (e, out) => (e ? reject(e) : resolve(out))),
      ),
    ]);
  // Both encodings at once: a client never sees one appear before the other.
  [r.gzip, r.br] = await levels(FAST);
  r.compression = 'fast';
  // After a quiet moment, so a burst of edits does not queue slow jobs ahead of the next fast ones.
  setTimeout(() => {
    if (r.superseded) return;
    levels(BEST).then(([gz, br]) => {
      [r.gzip, r.br] = [gz, br];
      r.compression = 'best';
    }, () => {});
  }, BEST_AFTER_MS).unref();
}

/** How long bytes must stay current before they are compressed at the best levels. */
const BEST_AFTER_MS = 2_000;

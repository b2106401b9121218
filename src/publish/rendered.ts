import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One response body, rendered and compressed once, with its validators. */
export interface Rendered {
  body: Buffer;
  /** Absent when the body is too small to be worth compressing. */
  gzip?: Buffer;
  br?: Buffer;
  /** Strong entity tag of the identity body, quoted. */
  etag: string;
  lastModified: Date;
  /** Full Content-Type, with charset. */
  contentType: string;
  /** Absent for language-neutral bodies such as pictures. */
  contentLanguage?: string;
}

/** Below this, compression costs more than it saves. */
const MIN_COMPRESS = 512;

/** Compresses once at publish time, so no request pays for it again (pictures are already compressed). */
export function makeRendered(content: string | Buffer, contentType: string, contentLanguage: string | undefined, lastModified: Date, etag?: string): Rendered {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const compress = typeof content === 'string' && body.length >= MIN_COMPRESS;
  return {
    body,
    ...(compress
      ? {
          gzip: gzipSync(body, { level: 9 }),
          br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        }
      : {}),
    etag: etag ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    lastModified,
    contentType,
    ...(contentLanguage ? { contentLanguage } : {}),
  };
}

/**
 * A document as written: text, and pieces serialized for an earlier document and reused as they
 * are (a feed's unchanged items). A piece's UTF-8 bytes are encoded once and kept with it, so a
 * publication after one edit encodes the changed item and the document's head, and copies the rest.
 */
export interface Piece {
  /** The piece as text, exactly as it sits in the document. */
  readonly fragment: string;
  /** Its UTF-8 bytes, made on first use. */
  bytes?: Buffer;
}

export type Chunk = string | Piece;

/** The document as one string. */
export function chunksToString(chunks: readonly Chunk[]): string {
  let out = '';
  for (const c of chunks) out += typeof c === 'string' ? c : c.fragment;
  return out;
}

/** The document's UTF-8 bytes: each piece's bytes encoded at most once, everything copied once. */
export function chunksToBuffer(chunks: readonly Chunk[]): Buffer {
  let length = 0;
  for (const c of chunks) length += typeof c === 'string' ? Buffer.byteLength(c, 'utf8') : (c.bytes ??= Buffer.from(c.fragment, 'utf8')).length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const c of chunks) at += typeof c === 'string' ? out.write(c, at, 'utf8') : c.bytes!.copy(out, at);
  return out;
}

/** `pieces` with `separator` between them, as chunks (a feed's items). */
export function joinPieces(pieces: readonly Chunk[], separator: string): Chunk[] {
  const out: Chunk[] = [];
  pieces.forEach((p, i) => {
    if (i > 0) out.push(separator);
    out.push(p);
  });
  return out;
}

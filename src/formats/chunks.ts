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

/** One item of a top-level `"items"` array as `JSON.stringify(doc, null, 2)` indents it (doc › items › item). */
export function jsonItemPiece(item: unknown): Piece {
  return { fragment: JSON.stringify(item, null, 2).replace(/\n/g, '\n    ') };
}

/**
 * A JSON document whose last member is `"items"`, exactly as `JSON.stringify(doc, null, 2)` and a
 * newline write it: `head` is the document without `items` (JSON Feed's members, or nothing for
 * ninjs `latest.json`), each item written from its piece.
 */
export function jsonWithItems(head: object, pieces: readonly Piece[]): Chunk[] {
  const members = JSON.stringify(head, null, 2);
  const open = members === '{}' ? '{\n  ' : `${members.slice(0, -2)},\n  `;
  if (pieces.length === 0) return [`${open}"items": []\n}\n`];
  const out: Chunk[] = [`${open}"items": [\n    `];
  pieces.forEach((p, i) => (i === 0 ? out.push(p) : out.push(',\n    ', p)));
  out.push('\n  ]\n}\n');
  return out;
}

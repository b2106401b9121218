import type { AnySchema } from 'ajv';
import { chunksToBuffer, chunksToString, type Chunk } from './chunks.js';
import { compileChecker, type AjvInstance, type Checker } from '../validate/ajv.js';
import { OutputValidationError, ValidationError, type Problem } from '../validate/problems.js';

/**
 * What a publisher keeps between renders of one output: each item's checked document and its
 * serialized piece, by item key. A render reuses the entries of unchanged items and leaves only
 * the entries of the items it used, so the cache never outgrows one document.
 */
export type PartCache = Map<string, { doc: unknown; piece: unknown }>;

/** One output format: its media type, its file name, and a render that never returns invalid output. */
export interface Format<View> {
  readonly id: string;
  /** IANA media type, without parameters. */
  readonly mediaType: string;
  /** File name under `output/<lang>/` (and the public route's last segment). */
  readonly file: string;
  /** The JSON Schema every document is checked against before it is serialized. */
  readonly schema: AnySchema;
  /** With a `cache` (itemized formats), unchanged items are taken from it rather than built again. */
  render(view: View, cache?: PartCache): string;
  /** The same document as UTF-8 bytes (what is published): unchanged items' bytes are copied, not encoded again. */
  renderBytes(view: View, cache?: PartCache): Buffer;
}

export interface FormatSpec<View, Doc> {
  id: string;
  mediaType: string;
  file: string;
  schema: AnySchema;
  /** Pure: the wire document (the spec's own field names) for a localized view. */
  build(view: View): Doc;
  /** Pure: the document's bytes. */
  serialize(doc: Doc): string;
  /** Rules JSON Schema cannot express (e.g. unique ids). */
  extraRules?(doc: Doc): Problem[];
  /** The Ajv instance that compiles `schema` (default: the draft-07 one; ninjs: the 2020-12 one). */
  ajv?: AjvInstance;
}

/**
 * Makes a format whose render is build → check → serialize. The schema is compiled once, here;
 * a document that breaks it raises a ValidationError naming every broken rule and is never returned.
 * The XML formats are checked as the document tree they are serialized from: that tree keeps the
 * spec's names, so the schema reads like the spec and a failure points at the element that broke it.
 */
export function defineFormat<View, Doc>(spec: FormatSpec<View, Doc>): Format<View> {
  const check: Checker<Doc> = compileChecker<Doc>(`${spec.id} output`, spec.schema, spec.extraRules, spec.ajv);
  return {
    id: spec.id,
    mediaType: spec.mediaType,
    file: spec.file,
    schema: spec.schema,
    render(view) {
      return spec.serialize(asOutputError(() => check(spec.build(view))));
    },
    renderBytes(view) {
      return Buffer.from(this.render(view), 'utf8');
    },
  };
}

/** A document made of a head and one repeated part per item (feed items, Atom entries, newsItems). */
export interface ItemizedFormatSpec<View, Doc, Item, ItemDoc, Piece> {
  id: string;
  mediaType: string;
  file: string;
  /** The whole document's schema; its items must be checked by exactly `item.schema`. */
  schema: AnySchema;
  item: {
    /** JSON pointer of the parts' array in the document (`/channel/items`), for readable problems. */
    pointer: string;
    /** The schema of one part, the one the whole document's schema applies to each item. */
    schema: AnySchema;
    /** The items of a view, in document order. */
    of(view: View): readonly Item[];
    /** Equal keys mean equal items (same part document, same bytes). */
    key(item: Item): string;
    /** Pure: one part's wire document. */
    build(item: Item): ItemDoc;
    /** Pure: one part's serialized piece, as the document's serializer will place it. */
    serialize(doc: ItemDoc): Piece;
  };
  /** Pure: the whole document around its parts' documents. */
  build(view: View, items: ItemDoc[]): Doc;
  /** Pure: the document, with each part's piece written where its document is (as a chunk of its own). */
  serialize(doc: Doc, pieces: Piece[]): Chunk[];
  /** Rules JSON Schema cannot express, over the whole document (unique ids, say). */
  extraRules?(doc: Doc): Problem[];
  /** The Ajv instance that compiles both schemas (default: the draft-07 one; ninjs: the 2020-12 one). */
  ajv?: AjvInstance;
}

/**
 * Makes a format that builds, checks and serializes each part once, while its item is unchanged.
 * What is checked is the same as for `defineFormat`: every part against the part schema (the one
 * the document schema applies to each item), the head against the document schema with its parts
 * left out, and the whole-document rules over everything. The bytes equal those of a full render.
 */
export function defineItemizedFormat<View, Doc, Item, ItemDoc, Piece>(spec: ItemizedFormatSpec<View, Doc, Item, ItemDoc, Piece>): Format<View> {
  const subject = `${spec.id} output`;
  const checkItem: Checker<ItemDoc> = compileChecker<ItemDoc>(subject, spec.item.schema, undefined, spec.ajv);
  const checkHead: Checker<Doc> = compileChecker<Doc>(subject, headSchema(spec.schema, spec.item.pointer), spec.extraRules, spec.ajv);
  return {
    id: spec.id,
    mediaType: spec.mediaType,
    file: spec.file,
    schema: spec.schema,
    render(view, cache) {
      return chunksToString(chunks(view, cache));
    },
    renderBytes(view, cache) {
      return chunksToBuffer(chunks(view, cache));
    },
  };

  /** Build, check and serialize, reusing the parts of unchanged items. */
  function chunks(view: View, cache: PartCache = new Map()): Chunk[] {
    const items = spec.item.of(view);
    const used = new Set<string>();
    const parts = items.map((item, i) => {
      const key = spec.item.key(item);
      used.add(key);
      let part = cache.get(key);
      if (!part) {
        // Problems point into the whole document, as a full check would name them.
        const doc = asOutputError(() => checkItem(spec.item.build(item)), `${spec.item.pointer}/${i}`);
        part = { doc, piece: spec.item.serialize(doc) };
        cache.set(key, part);
      }
      return part as { doc: ItemDoc; piece: Piece };
    });
    for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
    const doc = asOutputError(() => checkHead(spec.build(view, parts.map((p) => p.doc))));
    return spec.serialize(doc, parts.map((p) => p.piece));
  }
}

/**
 * The document schema with its parts' schema replaced by `true` (each part is checked on its own):
 * the head, the array's own rules (`minItems`) and nothing else. `pointer` names the array through
 * `properties`, as `/channel/items` does.
 */
function headSchema(schema: AnySchema, pointer: string): AnySchema {
  const { $id: _id, ...root } = schema as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const segment of pointer.split('/').slice(1)) {
    const properties = { ...(node.properties as Record<string, unknown>) };
    const child = { ...(properties[segment] as Record<string, unknown>) };
    properties[segment] = child;
    node.properties = properties;
    node = child;
  }
  if (node.type !== 'array' || node.items === undefined) throw new Error(`${pointer} is not an array of the schema`);
  node.items = true;
  return root as AnySchema;
}

/**
 * Runs a check; a ValidationError becomes an OutputValidationError (our output is wrong, not the
 * caller's input). For a part, pointers are made to point into the whole document.
 */
function asOutputError<T>(fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new OutputValidationError(error.subject, error.problems.map((p) => ({ ...p, pointer: `${prefix}${p.pointer}` })));
  }
}

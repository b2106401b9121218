import type { LocalizedItem } from '../../i18n/localize.js';
import { ajv2020 } from '../../validate/ajv2020.js';
import { jsonItemPiece, jsonWithItems, type Chunk, type Piece } from '../chunks.js';
import { defineFormat, defineItemizedFormat } from '../format.js';
import { buildNinjsItem, buildNinjsLatest } from './build.js';
import { checkNinjsItemRules, checkNinjsLatestRules, ninjsItemSchema, ninjsLatestSchema } from './schema.js';
import type { Ninjs, NinjsLatestView } from './types.js';

export { buildNinjsItem, NINJS_REL } from './build.js';
export type { Ninjs, NinjsLatestView } from './types.js';

/*
 * ninjs has no media type of its own (IPTC registered none): it is served as JSON.
 * Bytes: UTF-8 without a byte-order mark (RFC 8259 §8.1), two-space indent, final newline.
 */
const MEDIA_TYPE = 'application/json';

/** Pure: one ninjs object's bytes, exactly `JSON.stringify(item, null, 2)` and a newline. */
export function serializeNinjsItem(item: Ninjs.Item): string {
  return `${JSON.stringify(item, null, 2)}\n`;
}

/** Pure: latest.json, exactly `JSON.stringify(doc, null, 2)` and a newline, items written from their pieces. */
function serializeNinjsLatest(_doc: Ninjs.Latest, pieces: Piece[]): Chunk[] {
  return jsonWithItems({}, pieces);
}

/** One language version of a story as a ninjs 3.1 object, checked against IPTC's official schema. */
export const ninjsItemFormat = defineFormat<LocalizedItem, Ninjs.Item>({
  id: 'ninjs-item',
  mediaType: MEDIA_TYPE,
  file: 'item.json',
  schema: ninjsItemSchema,
  ajv: ajv2020,
  build: buildNinjsItem,
  serialize: serializeNinjsItem,
  extraRules: (item) => checkNinjsItemRules(item),
});

/** A language's latest items for partners (the newsMessage's items) as ninjs, each built and checked once. */
export const ninjsLatestFormat = defineItemizedFormat<NinjsLatestView, Ninjs.Latest, LocalizedItem, Ninjs.Item, Piece>({
  id: 'ninjs-latest',
  mediaType: MEDIA_TYPE,
  file: 'latest.json',
  schema: ninjsLatestSchema,
  ajv: ajv2020,
  // Each item is checked as a single ninjs document is (the envelope applies the same schema).
  item: { pointer: '/items', schema: ninjsItemSchema, of: (view) => view.items, key: (item) => item.key, build: buildNinjsItem, serialize: jsonItemPiece },
  build: buildNinjsLatest,
  serialize: serializeNinjsLatest,
  extraRules: checkNinjsLatestRules,
});

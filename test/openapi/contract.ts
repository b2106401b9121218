import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApi } from '../../src/openapi/types.js';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

/** RFC 6901. */
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** What a documented operation's response is checked against: the object and where it is in the document. */
interface Located {
  value: Json;
  pointer: string;
}

/**
 * Checks real responses against the OpenAPI document: the operation by method and path, the
 * response by status (then `2XX`, then `default`), the schema by the response's media type; the
 * body is validated with ajv (JSON Schema 2020-12, every `$ref` resolved in the document), each
 * required header must be there, and every documented header that is there must match its schema.
 */
export class Contract {
  readonly doc: OpenApi.Document;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();
  /** Every response object (by pointer) a check has used: what the responses exercised. */
  readonly exercised = new Set<string>();
  static readonly ID = 'urn:rojname:openapi';

  constructor(doc: OpenApi.Document) {
    this.doc = doc;
    // The project's strictness (src/validate/ajv2020.ts): strict, but `strictRequired`, which
    // IPTC's ninjs schema does not meet. The document's own keywords are declared, not schemas.
    this.#ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, unicodeRegExp: true });
    addFormats(this.#ajv);
    for (const keyword of ['components', 'paths', 'webhooks']) this.#ajv.addKeyword({ keyword });
    this.#ajv.addSchema({ $id: Contract.ID, components: doc.components, paths: doc.paths, webhooks: doc.webhooks });
  }

  /** The value at `pointer`, following a Reference Object found there. */
  resolve(pointer: string): Located {
    let value: unknown = this.doc;
    for (const segment of pointer.split('/').slice(1)) {
      value = (value as Json | undefined)?.[unescape(segment)];
      if (value === undefined) throw new Error(`nothing at ${pointer}`);
    }
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      if (!ref.startsWith('#/')) throw new Error(`${pointer}: $ref ${ref} is not in the document`);
      return this.resolve(ref.slice(1));
    }
    return { value: value as Json, pointer };
  }

  /** The documented path template a request path falls under: a path without templates first (OpenAPI 3.1 §4.8.8). */
  templateOf(path: string): string | undefined {
    const templates = Object.keys(this.doc.paths);
    const concrete = templates.find((t) => t === path);
    if (concrete) return concrete;
    return templates.find((t) => new RegExp(`^${t.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`).test(path));
  }

  /** Every problem of one real response; the empty list when it is as documented. */
  async check(method: string, path: string, res: Response, where: 'paths' | 'webhooks' = 'paths'): Promise<string[]> {
    const template = where === 'paths' ? this.templateOf(path.split('?')[0]!) : path;
    if (!template) return [`${path}: no documented path`];
    const opPointer = `/${where}/${escape(template)}/${method.toLowerCase()}`;
    const op = this.resolve(opPointer).value as unknown as OpenApi.Operation;
    const status = String(res.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => op.responses[k] !== undefined);
    if (!key) return [`${method} ${template}: status ${status} is not documented`];
    const response = this.resolve(`${opPointer}/responses/${key}`);
    this.exercised.add(response.pointer);
    return [...this.#checkHeaders(response, res.headers), ...(await this.#checkBody(response, res))];
  }

  #checkHeaders(response: Located, actual: Headers): string[] {
    const problems: string[] = [];
    for (const name of Object.keys((response.value.headers as Json | undefined) ?? {})) {
      const header = this.resolve(`${response.pointer}/headers/${escape(name)}`);
      const value = actual.get(name);
      if (value === null) {
        if ((header.value as { required?: boolean }).required) problems.push(`header ${name} is required (${response.pointer})`);
        continue;
      }
      problems.push(...this.validate(`${header.pointer}/schema`, value).map((p) => `header ${name}: ${p}`));
    }
    return problems;
  }

  async #checkBody(response: Located, res: Response): Promise<string[]> {
    const content = response.value.content as Record<string, { schema?: unknown }> | undefined;
    // The bytes as sent, decoded as a client would (Content-Encoding: br or gzip).
    const bytes = Buffer.from(await res.arrayBuffer());
    const encoding = res.headers.get('content-encoding');
    const text = (encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
    if (!content) return text === '' ? [] : [`a body was sent where none is documented (${response.pointer})`];
    const contentType = res.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]!.trim();
    if (!(mediaType in content)) return [`media type ${mediaType} is not documented (${Object.keys(content).join(', ')})`];
    if (content[mediaType]!.schema === undefined) return [];
    const json = /^application\/([\w.+-]+\+)?json$/.test(mediaType);
    let value: unknown = text;
    if (json) {
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        return [`${mediaType} body is not JSON`];
      }
    }
    return this.validate(`${response.pointer}/content/${escape(mediaType)}/schema`, value);
  }

  /** Problems of `value` against the schema at `pointer` (compiled once). */
  validate(pointer: string, value: unknown): string[] {
    let validate = this.#compiled.get(pointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${Contract.ID}#${pointer.split('/').map(encodeURIComponent).join('/')}` });
      this.#compiled.set(pointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} (${e.schemaPath})`);
  }
}

import type { OpenApi } from './types.js';

/*
 * The pieces operations are made of: response headers, problem responses, content. Each header is
 * written out where it is used (OpenAPI has no way to mark a referenced header required in one
 * response and not in another), from one table, so every response names a header alike.
 */

/** The headers the service sends, by their registered names. */
const HEADERS = {
  ETag: { description: 'Strong entity tag of these bytes (RFC 9110 §8.8.3): send it back in If-None-Match. Compressed bytes have their own (`"…-br"`, `"…-gzip"`).', schema: { type: 'string', pattern: '^(W/)?"[\\x21\\x23-\\x7E]*"$' } },
  'Last-Modified': { description: 'When these bytes last changed in a way their readers can see; never later than Date (RFC 9110 §8.8.2.1).', schema: { type: 'string', pattern: '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$' } },
  'Cache-Control': { description: 'How the response may be cached.', schema: { type: 'string' } },
  Vary: { description: 'The bytes depend on Accept-Encoding (brotli, gzip or none).', schema: { type: 'string', const: 'Accept-Encoding' } },
  'Content-Language': { description: 'The language of the document.', schema: { type: 'string' } },
  'Content-Encoding': { description: 'br or gzip when the client accepts it (compressed once, when the document was published).', schema: { type: 'string', enum: ['br', 'gzip'] } },
  'X-Request-Id': { description: 'The id of this request in the service’s log.', schema: { type: 'string', pattern: '^[0-9a-f]{8}$' } },
  'RateLimit-Policy': { description: 'The partner’s quota (draft-ietf-httpapi-ratelimit-headers-09): q requests per window of w seconds.', schema: { type: 'string', pattern: '^"minute";q=[1-9][0-9]*;w=60$' } },
  RateLimit: { description: 'Where this request leaves the quota: r requests left, t seconds until the window ends.', schema: { type: 'string', pattern: '^"minute";r=[0-9]+;t=[1-9][0-9]*$' } },
  'Retry-After': { description: 'Seconds to wait before trying again (RFC 9110 §10.2.3).', schema: { type: 'string', pattern: '^[1-9][0-9]*$' } },
  'WWW-Authenticate': { description: 'The scheme and realm to authenticate with (RFC 9110 §11.6.1).', schema: { type: 'string' } },
  Allow: { description: 'The methods the resource answers (RFC 9110 §10.2.1).', schema: { type: 'string' } },
  Location: { description: 'Where the created resource is (RFC 9110 §10.2.2).', schema: { type: 'string', format: 'uri-reference' } },
  Link: { description: 'With WebSub hubs configured: `<hub>; rel="hub", <self>; rel="self"` (WebSub §4).', schema: { type: 'string' } },
  Connection: { description: 'The service closes the connection after a refused upload.', schema: { type: 'string', const: 'close' } },
} as const satisfies Record<string, OpenApi.Header>;

export type HeaderName = keyof typeof HEADERS;

/** Headers as a response object lists them: each required, unless its name is in `optional`; `schemas` narrows a header's schema for this response. */
export function headers(names: readonly HeaderName[], options: { optional?: readonly HeaderName[]; schemas?: Partial<Record<HeaderName, OpenApi.Schema>> } = {}): Record<string, OpenApi.Header> {
  const out: Record<string, OpenApi.Header> = {};
  for (const name of [...names, ...(options.optional ?? [])]) {
    const base = HEADERS[name];
    out[name] = { description: base.description, required: !options.optional?.includes(name), schema: options.schemas?.[name] ?? base.schema };
  }
  return out;
}

/** The quota headers on every partner response after its key is known. */
export const RATE_LIMIT: readonly HeaderName[] = ['RateLimit-Policy', 'RateLimit'];

export const PROBLEM_JSON = 'application/problem+json';

export const schemaRef = (name: string): OpenApi.Schema => ({ $ref: `#/components/schemas/${name}` });

/** A problem response of `status` (RFC 9457), with `headers` besides X-Request-Id and Cache-Control. */
export function problem(status: number, description: string, extraHeaders: Record<string, OpenApi.Header> = {}, require: readonly string[] = []): OpenApi.Response {
  const schema: OpenApi.Schema = { allOf: [schemaRef('Problem')], properties: { status: { const: status } }, ...(require.length ? { required: [...require] } : {}) };
  return {
    description,
    headers: { ...headers(['X-Request-Id', 'Cache-Control'], { schemas: { 'Cache-Control': { type: 'string', const: 'no-store' } } }), ...extraHeaders },
    content: { [PROBLEM_JSON]: { schema } },
  };
}

/** A JSON body of a component schema. */
export function json(schemaName: string, mediaType = 'application/json'): Record<string, OpenApi.MediaType> {
  return { [mediaType]: { schema: schemaRef(schemaName) } };
}

export const PARTNER_SECURITY = [{ partnerKey: [] }];
export const EDITOR_SECURITY = [{ editorToken: [] }];
export const PUBLIC_SECURITY: Record<string, string[]>[] = [];

export const SECURITY_SCHEMES: Record<string, OpenApi.SecurityScheme> = {
  partnerKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'A partner’s API key: `Authorization: Bearer KEY`. Partners are configured with the SHA-256 of their key (ROJNAME_PARTNERS_FILE) or by ROJNAME_PARTNER_KEYS; keys are compared in constant time and never logged.',
  },
  editorToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An editor’s token: `Authorization: Bearer TOKEN` (ROJNAME_ADMIN_TOKEN, or a named one of ROJNAME_ADMIN_TOKENS). Each write is recorded under the editor’s name.',
  },
};

export type Methods = Partial<Record<OpenApi.Method, OpenApi.Operation>>;

const WRITE_METHODS: readonly OpenApi.Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The methods a path refuses, each as an operation that answers only what it does: 405 with
 * `Allow` (and, before that, whatever the API's own checks answer, `before`). `allowed` are the
 * methods it has; HEAD comes with GET.
 */
export function refused(id: string, tag: string, allowed: readonly OpenApi.Method[], security: Record<string, string[]>[], before: Record<string, OpenApi.Response>, extraHeaders: readonly HeaderName[] = []): Methods {
  const allow = [...allowed.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]))].join(', ');
  const out: Methods = {};
  for (const method of WRITE_METHODS) {
    if (allowed.includes(method)) continue;
    out[method] = {
      operationId: `${method}${id}NotAllowed`,
      tags: [tag],
      summary: `Not allowed: ${allow} only`,
      description: `Answered 405 with Allow: ${allow}.`,
      security,
      responses: {
        ...before,
        405: problem(405, `Allowed: ${allow}.`, headers(['Allow', ...extraHeaders], { schemas: { Allow: { type: 'string', const: allow } } })),
      },
    };
  }
  return out;
}

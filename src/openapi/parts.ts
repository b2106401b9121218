import type { OpenApi } from './types.js';

/*
 * The pieces operations are made of: response headers, problem responses, content. A header whose
 * schema or required-ness differs between responses is a component of its own (OpenAPI cannot
 * override either where a header is referenced), so `ETag` is three components, say.
 */

/** How long anyone may cache `/openapi.json` (it changes only with a release). */
export const OPENAPI_CACHE = 'public, max-age=300';

/** The response headers the service sends, by component name: each knows the header it is. */
const HEADERS = {
  ETag: { name: 'ETag', description: 'Strong entity tag of these bytes (RFC 9110 §8.8.3): send it back in If-None-Match. Compressed bytes have their own (`"…-br"`, `"…-gzip"`).', schema: { type: 'string', pattern: '^(W/)?"[\\x21\\x23-\\x7E]*"$' } },
  VersionETag: { name: 'ETag', description: 'The story’s version, quoted ("3"): send it as If-Match to replace the story.', schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' } },
  CurrentVersionETag: { name: 'ETag', optional: true, description: 'After a stale If-Match: the story’s current version, quoted.', schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' } },
  LastModified: { name: 'Last-Modified', description: 'When these bytes last changed in a way their readers can see; never later than Date (RFC 9110 §8.8.2.1).', schema: { type: 'string', pattern: '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$' } },
  PartnerCacheControl: { name: 'Cache-Control', description: 'For this partner only; revalidate every time (a 304 is cheap).', schema: { type: 'string', const: 'private, no-cache' } },
  AccountCacheControl: { name: 'Cache-Control', description: 'For this partner only, never stored.', schema: { type: 'string', const: 'private, no-store' } },
  NoStore: { name: 'Cache-Control', description: 'Never stored.', schema: { type: 'string', const: 'no-store' } },
  OpenApiCacheControl: { name: 'Cache-Control', description: 'Anyone may cache it for five minutes.', schema: { type: 'string', const: OPENAPI_CACHE } },
  Vary: { name: 'Vary', description: 'The bytes depend on Accept-Encoding (brotli, gzip or none).', schema: { type: 'string', const: 'Accept-Encoding' } },
  ContentLanguage: { name: 'Content-Language', description: 'The language of the document.', schema: { type: 'string' } },
  ContentEncoding: { name: 'Content-Encoding', optional: true, description: 'br or gzip when the client accepts it (compressed once, when the document was published).', schema: { type: 'string', enum: ['br', 'gzip'] } },
  RequestId: { name: 'X-Request-Id', description: 'The id of this request in the service’s log.', schema: { type: 'string', pattern: '^[0-9a-f]{8}$' } },
  RateLimitPolicy: { name: 'RateLimit-Policy', description: 'The partner’s quota (draft-ietf-httpapi-ratelimit-headers-09): q requests per window of w seconds.', schema: { type: 'string', pattern: '^"minute";q=[1-9][0-9]*;w=60$' } },
  RateLimit: { name: 'RateLimit', description: 'Where this request leaves the quota: r requests left, t seconds until the window ends.', schema: { type: 'string', pattern: '^"minute";r=[0-9]+;t=[1-9][0-9]*$' } },
  RetryAfter: { name: 'Retry-After', description: 'Seconds to wait before trying again (RFC 9110 §10.2.3).', schema: { type: 'string', pattern: '^[1-9][0-9]*$' } },
  PartnerAuthenticate: { name: 'WWW-Authenticate', description: 'How to authenticate (RFC 9110 §11.6.1).', schema: { type: 'string', const: 'Bearer realm="rojname partners"' } },
  EditorAuthenticate: { name: 'WWW-Authenticate', description: 'How to authenticate (RFC 9110 §11.6.1).', schema: { type: 'string', const: 'Bearer realm="rojname editors"' } },
  ReadOnlyAllow: { name: 'Allow', description: 'The methods the resource answers (RFC 9110 §10.2.1).', schema: { type: 'string', const: 'GET, HEAD' } },
  ArticleLocation: { name: 'Location', description: 'Where the story is now (RFC 9110 §10.2.2).', schema: { type: 'string', pattern: '^/api/articles/[^/]+$' } },
  MediaLocation: { name: 'Location', description: 'Where the picture is served (RFC 9110 §10.2.2).', schema: { type: 'string', pattern: '^/media/[0-9a-f]{64}\\.(jpg|png|webp)$' } },
  Close: { name: 'Connection', description: 'The connection is closed after a refused upload.', schema: { type: 'string', const: 'close' } },
} as const satisfies Record<string, { name: string; optional?: boolean; description: string; schema: OpenApi.Schema }>;

export type HeaderName = keyof typeof HEADERS;

/** `components/headers`. */
export const HEADER_COMPONENTS: Record<string, OpenApi.Header> = Object.fromEntries(
  Object.entries(HEADERS).map(([key, h]) => [key, { description: h.description, required: !('optional' in h && h.optional), schema: h.schema }]),
);

/** A response's headers, by component name, each under the header it is. */
export function headers(...names: readonly HeaderName[]): Record<string, OpenApi.Ref> {
  return Object.fromEntries(names.map((key) => [HEADERS[key].name, { $ref: `#/components/headers/${key}` }]));
}

/** An `Allow` header naming `allow` exactly. */
export function allowHeader(allow: string): Record<string, OpenApi.Header> {
  return { Allow: { description: 'The methods the resource answers (RFC 9110 §10.2.1).', required: true, schema: { type: 'string', const: allow } } };
}

/** The quota headers on every partner response after its key is known. */
export const RATE_LIMIT: readonly HeaderName[] = ['RateLimitPolicy', 'RateLimit'];

export const PROBLEM_JSON = 'application/problem+json';

export const schemaRef = (name: string): OpenApi.Schema => ({ $ref: `#/components/schemas/${name}` });

/** A problem response of `status` (RFC 9457), with `extraHeaders` besides X-Request-Id and Cache-Control. */
export function problem(status: number, description: string, extraHeaders: Record<string, OpenApi.Header | OpenApi.Ref> = {}, require: readonly string[] = []): OpenApi.Response {
  const schema: OpenApi.Schema = { type: 'object', allOf: [schemaRef('Problem')], properties: { status: { const: status } }, ...(require.length ? { required: [...require] } : {}) };
  return {
    description,
    headers: { ...headers('RequestId', 'NoStore'), ...extraHeaders },
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
export function refused(id: string, tag: string, allowed: readonly OpenApi.Method[], security: Record<string, string[]>[], before: Record<string, OpenApi.Response | OpenApi.Ref>, notAllowed?: OpenApi.Ref): Methods {
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
        405: notAllowed ?? problem(405, `Allowed: ${allow}.`, allowHeader(allow)),
      },
    };
  }
  return out;
}

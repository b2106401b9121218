import { headers, OPENAPI_CACHE, refused, type HeaderName } from './parts.js';
import type { OpenApi } from './types.js';

/*
 * Public routes in the document: this document itself. The feeds, pages and sitemaps are left to
 * the README (each format has its own specification, and feed readers do not read OpenAPI).
 */

const TAG = 'public';

/** Where the document is served (src/http/routes/openapi.ts), and its cache policy. */
export const OPENAPI_PATH = '/openapi.json';
export { OPENAPI_CACHE };

export function buildPublicPaths(_languages: readonly string[]): Record<string, OpenApi.PathItem> {
  const validators: HeaderName[] = ['ETag', 'LastModified', 'OpenApiCacheControl', 'Vary', 'RequestId'];
  return {
    [OPENAPI_PATH]: {
      get: {
        operationId: 'getOpenApiDocument',
        tags: [TAG],
        summary: 'This document (OpenAPI 3.1), the same bytes as schemas/openapi.json',
        security: [],
        parameters: [{ name: 'If-None-Match', in: 'header', required: false, description: 'The ETag you have: 304 while it is current.', schema: { type: 'string' } }],
        responses: {
          200: { description: 'The OpenAPI document.', headers: headers(...validators, 'ContentEncoding'), content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'info', 'paths'] } } } },
          304: { description: 'Not modified.', headers: headers(...validators) },
        },
      },
      ...refused('OpenApiDocument', TAG, ['get'], [], {}),
    },
  };
}

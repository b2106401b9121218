import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../validate/problems.js';

/** RFC 9457 problem details, with `errors` listing each broken rule where there are several. */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: readonly Problem[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE = 'application/problem+json';

export function problemResponse(c: Context, status: ContentfulStatusCode, title: string, detail?: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body: ProblemDetails = { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra };
  return c.body(JSON.stringify(body, null, 2), status, { 'content-type': `${PROBLEM_TYPE}; charset=utf-8`, 'cache-control': 'no-store', ...headers });
}

/** Thrown for a body that is not JSON: answered 415. */
export class UnsupportedMediaType extends Error {
  override name = 'UnsupportedMediaType';
  constructor() {
    super('Send the article as application/json.');
  }
}

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ConflictError, NotFoundError, StaleVersionError } from '../store/errors.js';
import { OutputValidationError, ValidationError } from '../validate/problems.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import { htmlError, wantsProblemJson } from './html-error.js';
import type { Publisher } from '../publish/publisher.js';
import type { Log } from './log.js';
import { problemResponse, UnsupportedMediaType } from './problem.js';

/** The most problems one 400 lists. */
export const MAX_LISTED_PROBLEMS = 100;

/** Maps every error to an answer: 4xx for the caller's mistakes, 500 (logged, without internals) for ours. */
export function handleError(error: unknown, c: Context, log: Log, s: { languages: LanguageRegistry; publisher: Publisher }): Response {
  const requestId = c.get('requestId') as string | undefined;
  if (error instanceof OutputValidationError) {
    log({ level: 'error', msg: 'output rejected by its schema', req: requestId, output: error.subject, problems: error.problems.map((p) => `${p.pointer} ${p.message}`) });
    return problemResponse(c, 500, 'Output failed its schema check', `The ${error.subject} broke its schema and was not served (request ${requestId}).`, { requestId });
  }
  if (error instanceof ValidationError) {
    const { problems } = error;
    // A document can break a rule at every one of its values: the answer stays small.
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const detail = problems.length > listed.length ? `${problems.length} problems; the first ${listed.length} are listed in errors.` : `${problems.length} problem(s); see errors.`;
    return problemResponse(c, 400, `The ${error.subject} is invalid`, detail, { errors: listed });
  }
  if (error instanceof StaleVersionError) {
    return problemResponse(c, 412, 'Stale version', error.message, { currentVersion: error.current }, { etag: `"${error.current}"` });
  }
  if (error instanceof UnsupportedMediaType) return problemResponse(c, 415, 'Unsupported media type', error.message);
  if (error instanceof NotFoundError) return problemResponse(c, 404, 'Not found', error.message);
  if (error instanceof ConflictError) return problemResponse(c, 409, 'Conflict', error.message);
  if (error instanceof HTTPException) return problemResponse(c, error.status as 400, error.message || 'Bad request');
  // The client went away (or the server closed a connection too slow or malformed to finish)
  // while its body was being read: the client's doing, and nobody is left to read the answer.
  if ((error as { code?: unknown } | undefined)?.code === 'ECONNRESET' || c.req.raw.signal?.aborted) {
    return problemResponse(c, 400, 'Request incomplete', 'The connection closed before the request arrived whole.');
  }
  const e = error instanceof Error ? error : new Error(String(error));
  log({ level: 'error', msg: 'unexpected error', req: requestId, error: e.stack ?? e.message });
  // The page says what happened in the path's language; x-request-id names the request.
  if (!wantsProblemJson(c.req.path)) return htmlError(c, s, 500);
  return problemResponse(c, 500, 'Internal error', `Something went wrong on our side (request ${requestId}).`, { requestId });
}

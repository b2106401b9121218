import type { Context } from 'hono';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { Publisher } from '../publish/publisher.js';
import { sendErrorPage } from './send.js';

/** Machine routes (API, partner, feeds) answer errors as problem+json; pages answer in HTML. */
export function wantsProblemJson(path: string): boolean {
  return /^\/(api|newsml|ninjs)\//.test(path) || /\.(xml|json)$/.test(path);
}

/**
 * An error page for people, in the language the path names (`/ckb/...` → Sorani, right to left),
 * else English: published bytes, as every page (`ErrorPages`).
 */
export function htmlError(c: Context, s: { languages: LanguageRegistry; publisher: Publisher }, status: 404 | 410 | 500): Response {
  const first = c.req.path.split('/')[1] ?? '';
  const language = s.languages.has(first) ? first : s.languages.has('en') ? 'en' : s.languages.tags[0]!;
  return sendErrorPage(c, s.publisher.errorPages.get(language, status), status, status === 500 ? 'no-store' : ERROR_CACHE);
}

/** Missing pages may be cached briefly (a story can appear when its embargo lifts). */
const ERROR_CACHE = 'public, max-age=60';

import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { toHtml } from '../formats/body.js';
import { el } from '../formats/xml.js';
import type { LanguageRegistry } from '../i18n/languages.js';

const HTML = 'text/html; charset=utf-8';
const TITLES: Partial<Record<number, string>> = { 404: 'Not found', 410: 'Gone', 500: 'Something went wrong' };

/** Machine routes (API, partner, feeds) answer errors as problem+json; pages answer in HTML. */
export function wantsProblemJson(path: string): boolean {
  return /^\/(api|newsml|ninjs)\//.test(path) || /\.(xml|json)$/.test(path);
}

/** An error page for people: what happened, and a way on in every language. */
export function htmlError(c: Context, languages: LanguageRegistry, status: ContentfulStatusCode, message: string): Response {
  const links = languages.languages.map((l) => el('li', undefined, el('a', { href: `/${l.tag}/`, lang: l.tag, dir: l.direction, hreflang: l.tag }, l.endonym)));
  const title = TITLES[status] ?? 'Error';
  const page = toHtml(
    el(
      'html',
      { lang: 'en', dir: 'ltr' },
      el('head', undefined, el('meta', { charset: 'utf-8' }), el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), el('title', undefined, `${status} ${title} — rojname`)),
      el('body', undefined, el('h1', undefined, title), el('p', undefined, message), el('ul', undefined, ...links)),
    ),
  );
  return c.body(`<!doctype html>\n${page}`, status, { 'content-type': HTML, 'cache-control': 'no-store' });
}

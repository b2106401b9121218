import type { Context, Hono } from 'hono';
import { importWireCopy } from '../../article/wirecopy.js';
import type { Article } from '../../article/types.js';
import { ValidationError } from '../../validate/problems.js';
import { closestName } from '../../validate/wording.js';
import { checkStatusFilter, listTranslations } from '../../desk/translations.js';
import { checkArticleListQuery, LIST_FILTERS, toArticleList } from '../../desk/articles.js';
import { SINGLE_TOKEN_EDITOR } from '../../config.js';
import type { WriteOptions } from '../../store/store.js';
import type { AppEnv } from '../app.js';
import { bearerToken, createTokenMatcher } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { Services } from '../deps.js';
import { drainBody } from '../drain.js';
import { problemResponse, UnsupportedMediaType } from '../problem.js';
import { etagMatches } from '../send.js';

/** `/api/...`: the editors' API, by admin token. */
export function registerEditorRoutes(app: Hono<AppEnv>, s: Services): void {
  // Every editor's token by name (ROJNAME_ADMIN_TOKENS, and ROJNAME_ADMIN_TOKEN as "admin"), compared in constant time.
  const tokens = new Map(s.editorTokens ?? []);
  if (s.adminToken && !tokens.has(SINGLE_TOKEN_EDITOR)) tokens.set(SINGLE_TOKEN_EDITOR, s.adminToken);
  const editorOf = createTokenMatcher(tokens);
  app.use('/api/*', async (c, next) => {
    if (tokens.size === 0) {
      return problemResponse(c, 503, "The editors' API is off", 'Set ROJNAME_ADMIN_TOKEN to turn it on.');
    }
    const token = bearerToken(c.req.header('authorization'));
    const editor = token === undefined ? undefined : editorOf(token);
    if (editor === undefined) {
      return problemResponse(c, 401, 'Unauthorized', 'An admin token is required: Authorization: Bearer TOKEN.', {}, { 'www-authenticate': 'Bearer realm="rojname editors"' });
    }
    // In the request's log line and in the version history of what it writes.
    c.set('editor', editor);
    await next();
  });
  app.use(
    '/api/*',
    limitBody(s.maxBodyBytes!, async (c) => {
      // Read the rest of the body before answering: a simple client writes all of it before it
      // reads, and a socket closed under it shows a broken pipe instead of this 413.
      await drainBody(c.req.raw);
      return problemResponse(c, 413, 'Request body too large', `The limit is ${s.maxBodyBytes} bytes.`, { limitBytes: s.maxBodyBytes }, { connection: 'close' });
    }),
  );

  app.post('/api/articles', async (c) => {
    const input = await readJson(c);
    const article = await s.store.create(input, writer(c));
    return created(c, article);
  });
  // The editors' list: every story, newest change first, filtered, a keyset page at a time.
  app.get('/api/articles', async (c) => {
    const queries = c.req.queries();
    const problems = Object.keys(queries)
      .filter((name) => !(LIST_FILTERS as readonly string[]).includes(name))
      .map((name) => {
        // A typo, or a short form (`?lang` for `?language`).
        const meant = closestName(name, LIST_FILTERS) ?? (name.length >= 3 ? LIST_FILTERS.find((f) => f.startsWith(name.toLowerCase())) : undefined);
        return { pointer: `?${name}`, message: `?${name} is not a parameter of this route${meant ? `: did you mean ?${meant}?` : ` (its parameters: ${LIST_FILTERS.map((f) => `?${f}`).join(', ')})`}` };
      });
    let options;
    try {
      options = checkArticleListQuery(queries, s.languages, { language: '?language', status: '?status', since: '?since', cursor: '?cursor', limit: '?limit' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.problems);
    }
    if (problems.length || !options) throw new ValidationError('list request', problems);
    return c.json(toArticleList(await s.store.listArticles(options)), 200, { 'cache-control': 'no-store' });
  });
  app.all('/api/articles', (c) => methodNotAllowed(c, 'GET, HEAD, POST'));

  // Every version of a story, oldest first, with who wrote it.
  app.get('/api/articles/:id/versions', async (c) => {
    const id = c.req.param('id');
    const versions = await s.store.versions(id);
    if (versions.length === 0) return problemResponse(c, 404, 'Not found', `no story "${id}"`);
    return c.json({ versions }, 200, { 'cache-control': 'no-store' });
  });
  app.all('/api/articles/:id/versions', (c) => methodNotAllowed(c, 'GET, HEAD'));

  app.get('/api/articles/:id', async (c) => {
    const article = await s.store.get(c.req.param('id'));
    if (!article) return problemResponse(c, 404, 'Not found', `no story "${c.req.param('id')}"`);
    const etag = `"${article.version}"`;
    const inm = c.req.header('if-none-match');
    if (inm !== undefined && etagMatches(inm, etag)) return c.body(null, 304, { etag });
    return c.json(article, 200, { etag, 'cache-control': 'no-store' });
  });

  app.put('/api/articles/:id', async (c) => {
    const ifMatch = c.req.header('if-match');
    if (ifMatch === undefined) return problemResponse(c, 428, 'Precondition required', 'Send If-Match: "VERSION" with the version you edited.');
    const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(ifMatch);
    if (!m) return problemResponse(c, 412, 'Precondition failed', `If-Match must be a version such as "3", not ${ifMatch}`);
    const input = await readJson(c);
    const article = await s.store.update(c.req.param('id'), input, Number(m[1]), writer(c));
    return c.json({ id: article.id, version: article.version, pubStatus: article.pubStatus }, 200, { etag: `"${article.version}"` });
  });

  app.delete('/api/articles/:id', async (c) => {
    const ifMatch = c.req.header('if-match');
    const m = ifMatch === undefined ? undefined : /^\s*(?:W\/)?"(\d+)"\s*$/.exec(ifMatch);
    if (ifMatch !== undefined && !m) return problemResponse(c, 412, 'Precondition failed', `If-Match must be a version such as "3", not ${ifMatch}`);
    const article = await s.store.kill(c.req.param('id'), m ? Number(m[1]) : undefined, undefined, writer(c));
    return c.json({ id: article.id, version: article.version, pubStatus: article.pubStatus }, 200, { etag: `"${article.version}"` });
  });
  app.all('/api/articles/:id', (c) => methodNotAllowed(c, 'GET, HEAD, PUT, DELETE'));

  // The desk's translation status (src/desk/translations.ts): computed per request, never published.
  app.get('/api/translations', async (c) => {
    const unknown = Object.keys(c.req.queries()).filter((name) => name !== 'status');
    const { status, problems } = checkStatusFilter(c.req.queries('status') ?? [], '?status');
    for (const name of unknown) {
      const meant = closestName(name, ['status']);
      problems.push({ pointer: `?${name}`, message: `?${name} is not a parameter of this route${meant ? `: did you mean ?${meant}?` : ' (its parameter: ?status)'}` });
    }
    if (problems.length) throw new ValidationError('translations request', problems);
    const items = await listTranslations(s.store, s.languages, { status, now: s.clock() });
    return c.json({ items }, 200, { 'cache-control': 'no-store' });
  });
  app.all('/api/translations', (c) => methodNotAllowed(c, 'GET, HEAD'));

  app.post('/api/import', async (c) => {
    const charset = /;\s*charset="?([^";]+)/i.exec(c.req.header('content-type') ?? '')?.[1]?.toLowerCase();
    if (!isType(c, 'text/plain') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      return problemResponse(c, 415, 'Unsupported media type', 'Send wire copy as text/plain; charset=utf-8.');
    }
    const q = (name: string) => c.req.query(name);
    const problems = [
      ...(q('lang') ? [] : [{ pointer: '?lang', message: 'is required (the language of the copy, e.g. en)' }]),
      ...(q('published') ? [] : [{ pointer: '?published', message: 'is required (when the story ran, RFC 3339)' }]),
      ...(q('providerUri') ? [] : [{ pointer: '?providerUri', message: "is required (the provider's home page, http or https)" }]),
    ];
    if (problems.length) throw new ValidationError('import request', problems);
    const { article: input, notes } = importWireCopy(await c.req.text(), {
      language: q('lang')!,
      published: q('published')!,
      ...(q('id') ? { id: q('id')! } : {}),
      providerUri: q('providerUri')!,
      ...(q('provider') ? { providerName: q('provider')! } : {}),
      ...(q('country') !== undefined ? { countryCode: q('country')! } : {}),
      countryInput: '?country',
      ...(c.req.queries('subject') ? { subjects: c.req.queries('subject')!.map((code) => ({ code })) } : {}),
    });
    const article = await s.store.create(input, writer(c));
    return created(c, article, { notes });
  });
  app.all('/api/import', (c) => methodNotAllowed(c, 'POST'));
}

/** Who writes: the editor whose token the request carried (recorded with the version). */
function writer(c: Context<AppEnv>): WriteOptions {
  const editor = c.get('editor');
  return editor === undefined ? {} : { editor };
}

function created(c: Context, article: Article, extra: Record<string, unknown> = {}): Response {
  return c.json({ id: article.id, version: article.version, pubStatus: article.pubStatus, ...extra }, 201, {
    location: `/api/articles/${encodeURIComponent(article.id)}`,
    etag: `"${article.version}"`,
  });
}

async function readJson(c: Context): Promise<unknown> {
  if (!isType(c, 'application/json')) throw new UnsupportedMediaType();
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('request body', [{ pointer: '', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
}

function isType(c: Context, type: string): boolean {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === type;
}

function methodNotAllowed(c: Context, allow: string): Response {
  return problemResponse(c, 405, 'Method not allowed', `Allowed: ${allow}.`, {}, { allow });
}

import type { Article, PubStatus } from '../article/types.js';
import type { MediaInfo } from '../media/catalog.js';
import { ValidationError } from '../validate/problems.js';
import type { ArticleSummary, ListArticlesOptions, VersionSummary } from './store.js';

/**
 * What both stores do the same way for the editors' desk (schema 4): the list's query shapes and
 * keyset cursor, the rows read back as summaries, and the per-write state the list reads
 * (`articles.changed_ms`, `desk_languages`). SQLite and PostgreSQL differ only in SQL dialect.
 */

/** Which index a list request reads: one query shape per filter, so each is one index range. */
export type ListVariant = 'all' | 'status' | 'language' | 'languageStatus';

export function listVariant(o: Pick<ListArticlesOptions, 'language' | 'status'>): ListVariant {
  if (o.language !== undefined) return o.status !== undefined ? 'languageStatus' : 'language';
  return o.status !== undefined ? 'status' : 'all';
}

/**
 * The page query of one variant, with SQLite's `@name` parameters (`toPositional` gives
 * PostgreSQL's). `changed_ms <= @ms` is the index range below the cursor; the OR breaks ties in
 * that millisecond by id (versions never share a millisecond in one store, but a cursor must not
 * rely on it). The first page starts above every row (@ms = the largest integer, @id = '').
 */
export function listArticlesSql(variant: ListVariant): string {
  const byLanguage = variant === 'language' || variant === 'languageStatus';
  const byStatus = variant === 'status' || variant === 'languageStatus';
  const t = byLanguage ? 'd' : 'a';
  return `
SELECT ${t}.id, a.version, a.pub_status, ${t}.changed_ms FROM ${byLanguage ? 'desk_languages d JOIN articles a ON a.id = d.id' : 'articles a'}
 WHERE ${byLanguage ? 'd.lang = @lang AND ' : ''}${byStatus ? `${t}.pub_status = @status AND ` : ''}${t}.changed_ms >= @since
   AND ${t}.changed_ms <= @ms AND (${t}.changed_ms < @ms OR ${t}.id > @id)
 ORDER BY ${t}.changed_ms DESC, ${t}.id
 LIMIT @limit`;
}

/** `@name` parameters as `$1…` in order of first use, and the names in that order. */
export function toPositional(sql: string): { text: string; names: string[] } {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text, names };
}

/** The named parameters of a page query. */
export function listParams(o: ListArticlesOptions): Record<string, string | number> {
  const [ms, id] = o.after === undefined ? [Number.MAX_SAFE_INTEGER, ''] : decodeListCursor(o.after);
  return {
    since: o.since ?? 0,
    ms,
    id,
    // One row more than the page says whether another page follows, so the last page is never empty.
    limit: o.limit + 1,
    ...(o.language !== undefined ? { lang: o.language } : {}),
    ...(o.status !== undefined ? { status: o.status } : {}),
  };
}

export interface ListRow {
  id: string;
  version: number;
  pub_status: PubStatus;
  changed_ms: number;
}

export interface DeskLanguageRow {
  id: string;
  lang: string;
  headline: string;
  item_version: number;
  pub_status: PubStatus;
}

/** A page of rows (one more than `limit` if another page follows) and their languages, as the list answers it. */
export function toArticlePage(rows: readonly ListRow[], languages: readonly DeskLanguageRow[], limit: number): { items: ArticleSummary[]; next?: string } {
  const page = rows.slice(0, limit);
  const byId = new Map<string, ArticleSummary['languages']>();
  for (const l of languages) {
    const map = byId.get(l.id) ?? {};
    map[l.lang] = { headline: l.headline, itemVersion: l.item_version, pubStatus: l.pub_status };
    byId.set(l.id, map);
  }
  const items = page.map((r) => ({ id: r.id, version: r.version, pubStatus: r.pub_status, updated: new Date(r.changed_ms).toISOString(), languages: byId.get(r.id) ?? {} }));
  const last = page.at(-1);
  return { items, ...(rows.length > limit && last ? { next: encodeListCursor(last.changed_ms, last.id) } : {}) };
}

/** Opaque to callers: the last row's place in the list, as base64url JSON (a shape of its own, so no other cursor passes). */
export function encodeListCursor(changedMs: number, id: string): string {
  return Buffer.from(JSON.stringify({ changed: changedMs, id })).toString('base64url');
}

/** The place a list cursor holds; a `ValidationError` naming `input` for anything a list did not return. */
export function decodeListCursor(cursor: string, input = 'cursor'): [number, string] {
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    value = undefined;
  }
  const v = value as { changed?: unknown; id?: unknown } | undefined;
  if (typeof v !== 'object' || v === null || !Number.isSafeInteger(v.changed) || (v.changed as number) < 0 || typeof v.id !== 'string' || Object.keys(v).length !== 2) {
    throw new ValidationError('list request', [{ pointer: input, message: `${input} is not a cursor this list returned (pass its nextCursor as it is)` }]);
  }
  return [v.changed as number, v.id];
}

/** The rows the editors' list keeps for one version: each language with its headline. */
export function deskLanguages(article: Article): { lang: string; headline: string }[] {
  return Object.entries(article.localizations).map(([lang, loc]) => ({ lang, headline: loc.headline }));
}

export interface VersionRow {
  version: number;
  created_ms: number;
  editor: string | null;
  pub_status: PubStatus;
  signal: 'update' | 'correction' | null;
  /** A JSON array (SQLite) or the array itself (PostgreSQL's json). */
  languages: string | string[] | null;
}

/** One version row as the history shows it; languages in byte order, as both stores sort tags. */
export function toVersionSummary(r: VersionRow): VersionSummary {
  const languages = typeof r.languages === 'string' ? (JSON.parse(r.languages) as string[]) : (r.languages ?? []);
  return {
    version: r.version,
    versionCreated: new Date(r.created_ms).toISOString(),
    pubStatus: r.pub_status,
    signal: r.signal ?? null,
    editor: r.editor ?? null,
    languages: [...languages].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

export interface MediaRow {
  sha256: string;
  type: string;
  width: number;
  height: number;
  size: number;
  created_ms: number;
  body?: Buffer;
}

/** A media row as the store's callers see it. */
export function toMediaInfo(r: MediaRow): MediaInfo {
  return { sha256: r.sha256, type: r.type as MediaInfo['type'], bytes: r.size, width: r.width, height: r.height, createdAt: new Date(r.created_ms).toISOString() };
}

import type { Article, PubStatus } from '../article/types.js';
import { fingerprintLanguage } from '../article/project.js';
import { checkShape } from '../article/shape.js';
import { normalizeText } from '../article/text.js';
import type { Checker } from '../validate/ajv.js';
import { ValidationError } from '../validate/problems.js';
import type { Change, ChangeFilter, StoryVersion } from './store.js';

/**
 * What every store does the same way, whatever holds the rows: the check of a written article,
 * which language versions a write changes (and how partners are told), documents read back as
 * story versions, and the opaque `listPublished` cursor. SQLite and PostgreSQL differ only in SQL.
 */

/** A language dropped from a story is read from its last document, as a kill of that version. */
export const WITHDRAWN_NOTE = 'This language version was withdrawn. Please remove it.';

/** One language version as stored (`article_languages`), as a write compares against it. */
export interface LangRow {
  lang: string;
  item_version: number;
  article_version: number;
  fingerprint: string;
  pub_status: PubStatus;
  changed_ms: number;
}

/** One changed language version: the row to upsert and the change to log, in the stores' column terms. */
export interface LanguageWrite {
  id: string;
  lang: string;
  itemVersion: number;
  articleVersion: number;
  fingerprint: string;
  status: PubStatus;
  embargo: number | null;
  sort: number;
  at: number;
  kind: Change['kind'];
  /**
   * When this version's embargo lifts, if it was under embargo when written (and usable): the
   * instant its lift is due in the change log, for partners that do not see embargoed items.
   */
  liftDue: number | null;
}

/**
 * The language versions a new version of `article` changes, given the stored ones (`before`). A
 * language version moves only when what its outputs show changed; a language dropped from the story
 * is a kill of that version, which keeps pointing at its last document (read back as a kill, see
 * `toStoryVersion`), and a killed one stays as it is.
 */
export function planLanguageWrites(article: Article, before: ReadonlyMap<string, LangRow>, at: number): LanguageWrite[] {
  const embargo = article.embargoedUntil ? Date.parse(article.embargoedUntil) : null;
  const sort = Date.parse(article.published ?? article.firstCreated);
  const writes: LanguageWrite[] = [];
  const languages = new Set([...Object.keys(article.localizations), ...before.keys()]);
  for (const lang of languages) {
    const prev = before.get(lang);
    const present = article.localizations[lang] !== undefined;
    // A language dropped from the story is withdrawn for its readers: a kill of that version.
    const status: PubStatus = present ? article.pubStatus : 'canceled';
    const fingerprint = present ? fingerprintLanguage(article, lang) : 'removed';
    if (prev && prev.fingerprint === fingerprint) continue;
    if (prev && !present && prev.pub_status === 'canceled') continue;
    const itemVersion = (prev?.item_version ?? 0) + 1;
    const articleVersion = present || !prev ? article.version : prev.article_version;
    const kind: Change['kind'] =
      status === 'canceled' ? 'kill' : status === 'withheld' ? 'withhold' : !prev || prev.pub_status === 'canceled' ? 'new' : article.signal === 'correction' ? 'correction' : 'update';
    const liftDue = status === 'usable' && embargo !== null && embargo > at ? embargo : null;
    writes.push({ id: article.id, lang, itemVersion, articleVersion, fingerprint, status, embargo, sort, at, kind, liftDue });
  }
  return writes;
}

/**
 * Checks a written article: its shape first (before anything walks it), then normalized text and the
 * schema. `previous` is the version it replaces (absent on create): it dates the correction notes.
 */
export function checkWrittenArticle(check: Checker<Article>, input: unknown, owned: Partial<Article>, previous?: Article): Article {
  if (!isObject(input)) throw new ValidationError('article', [{ pointer: '', message: 'must be a JSON object' }]);
  // Before anything walks it: normalization recurses, and the schema check costs per value.
  const shape = checkShape(input);
  if (shape.length > 0) throw new ValidationError('article', shape);
  const article = check({ ...normalizeText(input), ...owned });
  if (owned.versionCreated) dateCorrections(article, previous, owned.versionCreated);
  return article;
}

/**
 * `correctedAt` is the store's: the instant of the version that set the current correction text
 * (kept while the text stays the same, dropped with the text). What a writer sends is ignored.
 */
function dateCorrections(article: Article, previous: Article | undefined, stamp: string): void {
  for (const [language, loc] of Object.entries(article.localizations)) {
    if (loc.correction === undefined) {
      delete loc.correctedAt;
      continue;
    }
    const before = previous?.localizations[language];
    loc.correctedAt = before?.correction === loc.correction && before.correctedAt ? before.correctedAt : stamp;
  }
}

/** An update's body may not name another story. */
export function checkUpdatedId(input: unknown, id: string): void {
  if (isObject(input) && input.id !== undefined && input.id !== id) {
    throw new ValidationError('article', [{ pointer: '/id', message: `must be "${id}", the story being updated` }]);
  }
}

/**
 * `signal` and `edNote` describe one write. An editor who saves back what GET returned sends the
 * previous write's values again; they are dropped, so an ordinary edit is never a "correction".
 */
export function withoutCarriedOver(input: unknown, previous: Article): unknown {
  if (!isObject(input)) return input;
  const out = { ...input };
  if (previous.signal !== undefined && out.signal === previous.signal) delete out.signal;
  if (previous.edNote !== undefined && out.edNote === previous.edNote) delete out.edNote;
  return out;
}

/** One language version read back: the row's identity and, or a way to read, its document. */
export interface VersionRow {
  id: string;
  /** The document, or (with `article_version`) read when first used. */
  doc?: string;
  article_version?: number;
  lang: string;
  item_version: number;
  changed_ms: number;
  pub_status: PubStatus;
}

/**
 * The document is parsed when first read: a publisher that already holds this version's outputs
 * (same story, language and item version) never reads it.
 */
export function toStoryVersion(r: VersionRow, load?: (id: string, version: number) => string): StoryVersion {
  let article: Article | undefined;
  return {
    get article(): Article {
      if (!article) {
        // Stored versions never change, so reading one later reads the same document.
        const doc = JSON.parse(r.doc ?? load!(r.id, r.article_version!)) as Article;
        article = r.pub_status === 'canceled' && doc.pubStatus !== 'canceled' ? { ...doc, pubStatus: 'canceled', edNote: WITHDRAWN_NOTE } : doc;
      }
      return article;
    },
    articleId: r.id,
    language: r.lang,
    itemVersion: r.item_version,
    changedAt: new Date(r.changed_ms).toISOString(),
  };
}

export interface ChangeRow {
  seq: number;
  id: string;
  lang: string;
  item_version: number;
  article_version: number;
  pub_status: PubStatus;
  kind: Change['kind'];
  at_ms: number;
}

/** A language version whose embargo lifted, and whose lift is not in the change log yet. */
export interface DueLiftRow {
  id: string;
  lang: string;
  item_version: number;
  article_version: number;
  lift_due_ms: number;
}

/** The change-log entry of one embargo lift: at the instant it lifted, the version as it is. */
export function liftWrite(r: DueLiftRow): Omit<LanguageWrite, 'fingerprint' | 'sort'> {
  return { id: r.id, lang: r.lang, itemVersion: r.item_version, articleVersion: r.article_version, status: 'usable', embargo: r.lift_due_ms, at: r.lift_due_ms, kind: 'embargo-lifted', liftDue: null };
}

/**
 * A change filter in the stores' SQL terms: the languages as a JSON array (null: all), and the
 * embargo mode (0: every entry, 1: no lifts, 2: no change made under embargo, the lifts instead).
 */
export function filterParams(filter: ChangeFilter | undefined): { langs: string | null; mode: 0 | 1 | 2; upTo: number } {
  return {
    langs: filter?.languages ? JSON.stringify(filter.languages) : null,
    mode: filter?.embargoed === undefined ? 0 : filter.embargoed ? 1 : 2,
    upTo: filter?.upTo ?? Number.MAX_SAFE_INTEGER,
  };
}

export function toChange(r: ChangeRow): Change {
  return {
    seq: r.seq,
    articleId: r.id,
    language: r.lang,
    itemVersion: r.item_version,
    articleVersion: r.article_version,
    pubStatus: r.pub_status,
    kind: r.kind,
    at: new Date(r.at_ms).toISOString(),
  };
}

/** Opaque to callers: the last row's place in feed order, as base64url JSON. */
export function encodeCursor(sortMs: number, id: string): string {
  return Buffer.from(JSON.stringify([sortMs, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [number, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string') {
    throw new ValidationError('cursor', [{ pointer: '/after', message: 'is not a cursor listPublished returned' }]);
  }
  return [value[0] as number, value[1] as string];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { PartCache } from '../formats/format.js';
import { ARCHIVE_FORMATS } from '../formats/registry.js';
import { localizeFeed, type FeedDocs, type LocalizeContext } from '../i18n/localize.js';
import type { LocalizedItems } from './items.js';
import { formatMonth } from '../i18n/dates.js';
import { archiveUrls, monthBounds, monthOf, type MonthKey } from '../i18n/urls.js';
import type { ArticleStore, Change, Clock, StoryVersion } from '../store/store.js';
import { encodeCursor } from '../store/versions.js';
import { makeRendered, type Rendered } from './rendered.js';

/** The archive files of a month: `atom.xml` and `feed.json`. */
export const ARCHIVE_FILES = ARCHIVE_FORMATS.map((f) => f.file);

/** Months whose documents are kept at once, per process (the oldest asked-for go first). */
const MAX_MONTHS = 48;
/** Stories read from the store per page while a month is collected. */
const PAGE = 500;

interface MonthDocs {
  /** The documents, once rendered. */
  outputs: Promise<Map<string, Rendered>>;
  /** Stale from this instant (an embargo lifting into the month). */
  validUntil: number;
  /** The stories it shows, `id/lang`, so a change to one of them drops it. */
  stories: Set<string>;
}

interface LanguageArchive {
  /** Months that have stories, newest first; undefined until asked for or after a change. */
  months?: Promise<MonthKey[]>;
  monthsValidUntil: number;
  docs: Map<MonthKey, MonthDocs>;
  /** Per month and file, the items' parts reused by the next render. */
  parts: Map<string, PartCache>;
  /** Changes being sorted to their months: requests wait for them (read-your-writes). */
  pending?: Promise<void>;
}

/**
 * RFC 5005 §4 archived feeds, one per UTC month with stories in a language: every usable story
 * published that month, as Atom (with `fh:archive`, `current`, `prev-archive`, `next-archive`) and
 * JSON Feed (chained newest to oldest with `next_url`). Rendered when first asked for and kept until
 * a change touches one of its stories or the chain of months changes, so an archive's bytes and
 * ETag stay as long as its stories do; each item's parts are reused from the month's previous render.
 */
export class Archives {
  readonly #languages = new Map<string, LanguageArchive>();
  readonly #unwatch: () => void;

  constructor(private readonly deps: { store: ArticleStore; ctx: LocalizeContext; clock: Clock; items: LocalizedItems }) {
    deps.items.hold(() => [...this.#languages.values()].flatMap((l) => [...l.parts.values()]));
    this.#unwatch = deps.store.watch((changes) => this.#onChanges(changes));
  }

  stop(): void {
    this.#unwatch();
  }

  /** Forgets every archive (the translations changed): each is rendered again when asked for. */
  clear(): void {
    this.#languages.clear();
  }

  /** The months of `language` that have an archive, newest first. */
  async months(language: string): Promise<MonthKey[]> {
    const lang = this.#language(language);
    await lang.pending;
    const now = this.deps.clock().getTime();
    if (!lang.months || now >= lang.monthsValidUntil) {
      lang.months = this.#findMonths(language);
      lang.monthsValidUntil = Number.POSITIVE_INFINITY;
      lang.months.catch(() => (lang.months = undefined));
      // An embargo lifting can open a month that had no story yet.
      const next = await this.deps.store.nextEmbargo(language, new Date(now));
      if (next !== undefined) lang.monthsValidUntil = next;
    }
    return lang.months;
  }

  /** One archive document, or undefined when the month has no stories in `language`. */
  async get(language: string, month: MonthKey, file: string): Promise<Rendered | undefined> {
    const months = await this.months(language);
    if (!months.includes(month)) return undefined;
    const lang = this.#language(language);
    const now = this.deps.clock().getTime();
    let docs = lang.docs.get(month);
    if (!docs || now >= docs.validUntil) {
      docs = this.#render(language, month, months);
      lang.docs.set(month, docs);
      docs.outputs.catch(() => lang.docs.get(month) === docs && lang.docs.delete(month));
      this.#trim(lang);
    } else {
      // Most recently used last.
      lang.docs.delete(month);
      lang.docs.set(month, docs);
    }
    return (await docs.outputs).get(file);
  }

  /** The URLs of a month's archive documents. */
  urls(language: string, month: MonthKey): FeedDocs {
    return archiveUrls(this.deps.ctx.baseUrl, language, month);
  }

  #language(language: string): LanguageArchive {
    let lang = this.#languages.get(language);
    if (!lang) {
      this.deps.ctx.languages.get(language);
      lang = { monthsValidUntil: 0, docs: new Map(), parts: new Map() };
      this.#languages.set(language, lang);
    }
    return lang;
  }

  /** Months with stories, newest first: one indexed lookup per month (the newest story before each). */
  async #findMonths(language: string): Promise<MonthKey[]> {
    const now = this.deps.clock();
    const months: MonthKey[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await this.deps.store.listPublished({ language, now, limit: 1, ...(before === Number.MAX_SAFE_INTEGER ? {} : { after: cursorBefore(before) }) });
      const newest = page.stories[0];
      if (!newest) return months;
      const month = monthOf(publishedMs(newest));
      months.push(month);
      before = monthBounds(month).start;
    }
  }

  #render(language: string, month: MonthKey, months: MonthKey[]): MonthDocs {
    const stories = new Set<string>();
    const docs: MonthDocs = { outputs: Promise.resolve(new Map()), validUntil: Number.POSITIVE_INFINITY, stories };
    docs.outputs = (async () => {
      const { store, ctx, clock } = this.deps;
      const now = clock();
      const { start, end } = monthBounds(month);
      const versions: StoryVersion[] = [];
      // Feed order (newest first), from the month's last instant down to its first.
      let after: string | undefined = cursorBefore(end);
      while (after !== undefined) {
        const page = await store.listPublished({ language, now, limit: PAGE, after });
        const inMonth = page.stories.filter((s) => publishedMs(s) >= start);
        versions.push(...inMonth);
        after = inMonth.length === page.stories.length ? page.next : undefined;
      }
      for (const v of versions) stories.add(`${v.articleId}/${v.language}`);
      const next = await store.nextEmbargo(language, now);
      if (next !== undefined) docs.validUntil = next;
      const items = versions.map((v) => this.deps.items.get(v));
      const index = months.indexOf(month);
      const newer = months[index - 1];
      const older = months[index + 1];
      const t = ctx.translator.t(language);
      const lang = ctx.languages.get(language);
      const updated = new Date(Math.max(0, ...items.map((i) => Date.parse(i.updated))));
      const feed = localizeFeed(
        {
          language,
          stories: versions,
          updated: updated.toISOString(),
          title: t('feed.archiveTitle', { title: t('feed.title'), month: formatMonth(month, lang) }),
          self: this.urls(language, month),
          history: {
            archive: true,
            current: { atom: `${ctx.baseUrl}/${language}/atom.xml`, json: `${ctx.baseUrl}/${language}/feed.json` },
            ...(older ? { prev: this.urls(language, older) } : {}),
            ...(newer ? { next: this.urls(language, newer) } : {}),
          },
        },
        ctx,
        (s) => items[versions.indexOf(s)]!,
      );
      const outputs = new Map<string, Rendered>();
      const held = this.#language(language);
      for (const format of ARCHIVE_FORMATS) {
        const key = `${month} ${format.file}`;
        let parts = held.parts.get(key);
        if (!parts) held.parts.set(key, (parts = new Map()));
        outputs.set(format.file, makeRendered(format.renderBytes(feed, parts), `${format.mediaType}; charset=utf-8`, lang.tag, updated));
      }
      return outputs;
    })();
    return docs;
  }

  /** Keeps `MAX_MONTHS` months per language, and only the localized items they use. */
  #trim(lang: LanguageArchive): void {
    while (lang.docs.size > MAX_MONTHS) {
      const oldest = lang.docs.keys().next().value!;
      lang.docs.delete(oldest);
      for (const key of [...lang.parts.keys()]) if (key.startsWith(`${oldest} `)) lang.parts.delete(key);
    }
    this.deps.items.forget();
  }

  /**
   * A change drops the months that showed the changed story and the month it is in now (its
   * publication time may have moved), and the chain of months is looked up again: when it changed,
   * every month's links did too.
   */
  #onChanges(changes: readonly Change[]): void {
    const byLanguage = new Map<string, Change[]>();
    for (const c of changes) byLanguage.set(c.language, [...(byLanguage.get(c.language) ?? []), c]);
    for (const [language, list] of byLanguage) {
      const lang = this.#languages.get(language);
      if (!lang) continue;
      const before = lang.months;
      lang.months = undefined;
      for (const [month, docs] of [...lang.docs]) {
        if (list.some((c) => docs.stories.has(`${c.articleId}/${c.language}`))) lang.docs.delete(month);
      }
      const previous = lang.pending;
      lang.pending = (async () => {
        await previous;
        for (const c of list) {
          const now = await this.deps.store.getStoryVersion(c.articleId, c.language);
          if (now && now.article.pubStatus === 'usable') lang.docs.delete(monthOf(publishedMs(now)));
        }
        const old = await before?.catch(() => undefined);
        const fresh = await this.#findMonths(language);
        if (!old || old.join() !== fresh.join()) lang.docs.clear();
      })().catch(() => {
        lang.docs.clear();
      });
    }
  }
}

/** The publication instant a story is filed under (the store's feed order). */
function publishedMs(version: StoryVersion): number {
  return Date.parse(version.article.published ?? version.article.firstCreated);
}

/** A `listPublished` cursor for "published strictly before `ms`" (ids are never empty). */
function cursorBefore(ms: number): string {
  return encodeCursor(ms - 1, '');
}

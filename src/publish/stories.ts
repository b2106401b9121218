import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Format } from '../formats/format.js';
import { NEWSML_FORMATS, NINJS_FORMATS } from '../formats/registry.js';
import { localizeItem, storyKey, type LocalizeContext, type LocalizedItem } from '../i18n/localize.js';
import { renderArticlePage } from '../pages/index.js';
import type { Article } from '../article/types.js';
import type { ArticleStore, Clock, StoryVersion } from '../store/store.js';
import { localizePackage } from './package.js';
import { makeRendered, type Deferred, type Rendered } from './rendered.js';

export type { Deferred } from './rendered.js';

export interface StoryOutputsDeps {
  store: ArticleStore;
  ctx: LocalizeContext;
  clock: Clock;
  /** At most this many documents are kept (default 2,000)… */
  maxEntries?: number;
  /** …holding at most this many bytes, compressed variants included (default 64 MiB). */
  maxBytes?: number;
}

/** What one partner may see: its languages, and whether items before their embargo lifts. */
export interface PartnerView {
  languages: readonly string[];
  embargoed: boolean;
}

/** Why a per-story document is not there. */
export type Missing = { missing: 'not-found' | 'gone'; detail: string };

interface Entry {
  storyId: string;
  doc: Deferred;
  bytes: number;
}

/**
 * Per-story documents (article pages, newsItems and ninjs objects at any version, packages):
 * rendered on first request, kept in a bounded cache of rendered, compressed bytes, and dropped
 * when their story changes. Their entity tags derive from the stored state (and the code, locale
 * files and base URL that render it), so a conditional request is answered before anything is
 * rendered, and the same state has the same validators in every process.
 */
export class StoryOutputs {
  readonly #deps: StoryOutputsDeps;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  /** In use order: the least recently used first. */
  readonly #cache = new Map<string, Entry>();
  #bytes = 0;
  /** Counts `drop` calls: a look-up that a drop overtook is answered but not kept. */
  #drops = 0;
  #epoch: string | undefined;
  /** When each document's usable version leaves its embargo (ms), for partners that do not see embargoed items. */
  readonly #embargoes = new WeakMap<Deferred, number>();
  /** How such a document answers those partners until then: as if absent. */
  readonly #hidden = new WeakMap<Deferred, Missing>();

  constructor(deps: StoryOutputsDeps) {
    this.#deps = deps;
    this.#maxEntries = deps.maxEntries ?? 2_000;
    this.#maxBytes = deps.maxBytes ?? 64 * 1024 * 1024;
  }

  /** The public page of one language version, as long as it is public. */
  async articlePage(id: string, language: string): Promise<Deferred | Missing> {
    return this.#cached(`page ${language} ${id}`, id, async () => {
      const version = await this.#deps.store.getStoryVersion(id, language);
      const article = version?.article;
      const embargoed = article?.embargoedUntil !== undefined && Date.parse(article.embargoedUntil) > this.#deps.clock().getTime();
      if (!version || !article || article.pubStatus === 'withheld' || embargoed || !article.localizations[language]) {
        return { missing: 'not-found', detail: `No story "${id}" in this language.` };
      }
      if (article.pubStatus === 'canceled') return { missing: 'gone', detail: 'This story was withdrawn.' };
      const { ctx } = this.#deps;
      return this.#defer(`page ${storyKey(version)}`, version, 'text/html; charset=utf-8', () => renderArticlePage(localizeItem(version, ctx), ctx.translator.t(language), ctx.languages));
    });
  }

  /**
   * One language version as a newsItem: the latest, or item version `itemVersion`. With
   * `embargoed: false`, a usable version still under embargo is missing, as if it did not exist.
   */
  async newsItem(id: string, language: string, itemVersion?: number, embargoed = true): Promise<Deferred | Missing> {
    return this.#released(await this.#languageVersion('item', NEWSML_FORMATS.item, id, language, itemVersion), embargoed);
  }

  /** One language version as a ninjs 3.1 object: the latest, or item version `itemVersion` (the newsItem's); `embargoed` as for `newsItem`. */
  async ninjsItem(id: string, language: string, itemVersion?: number, embargoed = true): Promise<Deferred | Missing> {
    return this.#released(await this.#languageVersion('ninjs', NINJS_FORMATS.item, id, language, itemVersion), embargoed);
  }

  /**
   * The language versions of a story as a packageItem: every one, or those `view` is entitled to
   * (none: missing). With `view.embargoed` false, a usable story under embargo is missing.
   */
  async packageItem(id: string, view?: PartnerView): Promise<Deferred | Missing> {
    const languages = view ? this.#deps.ctx.languages.tags.filter((t) => view.languages.includes(t)) : undefined;
    const doc = await this.#cached(`package ${id} ${languages?.join(',') ?? '*'}`, id, async () => {
      const { store, ctx } = this.#deps;
      const article = await store.get(id);
      const none: Missing = { missing: 'not-found', detail: `no story "${id}"` };
      if (!article) return none;
      if (languages && !languages.some((t) => article.localizations[t])) return none;
      const states = await store.languageStates(id);
      const format = NEWSML_FORMATS.package;
      const key = `package ${id}@${article.version} ${languages?.join(',') ?? '*'}`;
      const lastModified = new Date(article.versionCreated);
      const entry = this.#entry(key, lastModified, `${format.mediaType}; charset=utf-8`, undefined, () => format.render(localizePackage(article, states, ctx, languages)));
      this.#noteEmbargo(entry, article, none);
      return entry;
    });
    return this.#released(doc, view?.embargoed ?? true);
  }

  /** Judged per request (the cached document stays): a usable version whose embargo has not lifted is missing. */
  #released(doc: Deferred | Missing, embargoed: boolean): Deferred | Missing {
    if (embargoed || 'missing' in doc) return doc;
    const until = this.#embargoes.get(doc);
    if (until !== undefined && until > this.#deps.clock().getTime()) return this.#hidden.get(doc) ?? { missing: 'not-found', detail: 'not found' };
    return doc;
  }

  /** Remembers when a document's usable version leaves its embargo, and how it answers until then. */
  #noteEmbargo(doc: Deferred, article: Article, hidden?: Missing): void {
    if (article.pubStatus !== 'usable' || !article.embargoedUntil) return;
    this.#embargoes.set(doc, Date.parse(article.embargoedUntil));
    if (hidden) this.#hidden.set(doc, hidden);
  }

  /** One language version at one item version (the latest without one) in a per-item format. */
  async #languageVersion(kind: string, format: Format<LocalizedItem>, id: string, language: string, itemVersion?: number): Promise<Deferred | Missing> {
    return this.#cached(`${kind} ${language} ${id} ${itemVersion ?? 'latest'}`, id, async () => {
      const version = await this.#deps.store.getStoryVersion(id, language, itemVersion);
      const absent: Missing = { missing: 'not-found', detail: itemVersion ? `story "${id}" has no ${language} version ${itemVersion}` : `story "${id}" has no ${language} version` };
      if (!version || !version.article.localizations[language]) return absent;
      const doc = this.#defer(`${kind} ${storyKey(version)}`, version, `${format.mediaType}; charset=utf-8`, () => format.render(localizeItem(version, this.#deps.ctx)));
      // Before the lift, a partner that does not see embargoed items is answered as if it were absent.
      this.#noteEmbargo(doc, version.article, absent);
      return doc;
    });
  }

  /** Forgets every document of these stories (they changed). */
  drop(storyIds: ReadonlySet<string>): void {
    this.#drops++;
    for (const [key, entry] of this.#cache) if (storyIds.has(entry.storyId)) this.#remove(key, entry);
  }

  /**
   * Forgets every document and the render epoch (`serve --watch-locales`: the translations
   * changed), so every document is rendered again with new entity tags.
   */
  dropAll(): void {
    this.#drops++;
    this.#cache.clear();
    this.#bytes = 0;
    this.#epoch = undefined;
  }

  /** How many documents and bytes are kept (for tests and the benchmark). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#cache.size, bytes: this.#bytes };
  }

  /**
   * A document from the cache, or looked up once and kept. Missing ones are not kept: their keys
   * are whatever clients send. (An embargoed or withheld story is missing; it becomes public only
   * through a change, which finds nothing of it here.)
   */
  async #cached(key: string, storyId: string, lookUp: () => Promise<Deferred | Missing>): Promise<Deferred | Missing> {
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit.doc;
    }
    const drops = this.#drops;
    const found = await lookUp();
    if ('missing' in found || drops !== this.#drops) return found;
    const entry: Entry = { storyId, doc: found, bytes: 0 };
    this.#cache.set(key, entry);
    this.#trim();
    const render = found.render;
    found.render = () => {
      const r = render();
      // Counted once, when first rendered (the body and, roughly, its compressed variants).
      if (entry.bytes === 0 && this.#cache.get(key) === entry) {
        entry.bytes = r.body.length * 2;
        this.#bytes += entry.bytes;
        this.#trim();
      }
      return r;
    };
    return found;
  }

  #defer(key: string, version: StoryVersion, contentType: string, render: () => string): Deferred {
    return this.#entry(key, new Date(version.changedAt), contentType, version.language, render);
  }

  #entry(key: string, lastModified: Date, contentType: string, contentLanguage: string | undefined, render: () => string): Deferred {
    const etag = `"${createHash('sha256').update(`${this.#renderEpoch()}\n${key}`).digest('base64url').slice(0, 27)}"`;
    let rendered: Rendered | undefined;
    return {
      etag,
      lastModified,
      contentType,
      ...(contentLanguage ? { contentLanguage } : {}),
      render: () => (rendered ??= makeRendered(render(), contentType, contentLanguage, lastModified, etag)),
    };
  }

  #trim(): void {
    for (const [key, entry] of this.#cache) {
      if (this.#cache.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#remove(key, entry);
    }
  }

  #remove(key: string, entry: Entry): void {
    this.#cache.delete(key);
    this.#bytes -= entry.bytes;
  }

  /**
   * What, besides the stored state, decides a document's bytes: the code that renders it, the
   * locale files and the base URL. A deploy that changes any of them changes every entity tag.
   */
  #renderEpoch(): string {
    if (this.#epoch === undefined) {
      const hash = createHash('sha256').update(this.#deps.ctx.baseUrl);
      hash.update(JSON.stringify(this.#deps.ctx.translator.instance.store.data));
      hashTree(new URL('../', import.meta.url).pathname, hash);
      this.#epoch = hash.digest('base64url');
    }
    return this.#epoch;
  }
}

/** Hashes every file of the code tree (src/ or dist/), in a fixed order. */
function hashTree(dir: string, hash: ReturnType<typeof createHash>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(path, hash);
    else hash.update(entry.name).update(readFileSync(path));
  }
}

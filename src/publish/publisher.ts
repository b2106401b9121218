import type { Format } from '../formats/format.js';
import { FEED_FORMATS } from '../formats/registry.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { Translator } from '../i18n/i18n.js';
import { localizeFeed, type LocalizeContext, type LocalizedFeed } from '../i18n/localize.js';
import type { ArticleStore, Clock } from '../store/store.js';
import { makeRendered, type Rendered } from './rendered.js';

/** How many stories a public feed carries. */
export const FEED_SIZE = 30;

export interface PublisherDeps {
  store: ArticleStore;
  languages: LanguageRegistry;
  translator: Translator;
  baseUrl: string;
  clock: Clock;
  /** Extra outputs of a language's public set (e.g. its HTML page), rendered with the feeds. */
  extraOutputs?: { id: string; contentType: string; render(feed: LocalizedFeed): string }[];
}

interface LanguageSet {
  /** The change-log position the set was rendered at: a newer change makes it stale. */
  seq: number;
  /** The set is stale from this instant (the next embargo to lift), if any. */
  validUntil: number;
  /** A digest of every output's bytes: tells a real change from a re-render of the same thing. */
  digest: string;
  /** `Last-Modified` in whole seconds, as HTTP dates have them. */
  lastModifiedSec: number;
  outputs: Map<string, Rendered>;
}

/**
 * Renders each language's public outputs (every feed format, plus extras) together, once per
 * change, and hands out the same compressed bytes until the next change. A write to the store is
 * seen through its change log, so exactly the languages it touched are rendered again, and a set
 * is replaced whole: readers never see a half-updated set.
 */
export class Publisher {
  readonly #deps: PublisherDeps;
  readonly #ctx: LocalizeContext;
  readonly #sets = new Map<string, LanguageSet>();
  /** Renders under way, by language and change-log position: a request never joins an older one. */
  readonly #inflight = new Map<string, Promise<LanguageSet>>();

  constructor(deps: PublisherDeps) {
    this.#deps = deps;
    this.#ctx = { languages: deps.languages, translator: deps.translator, baseUrl: deps.baseUrl };
  }

  /** The current output `id` (a feed format's file name, or an extra's id) of `language`. */
  async get(language: string, id: string): Promise<Rendered | undefined> {
    const set = await this.#current(language);
    return set.outputs.get(id);
  }

  async #current(language: string): Promise<LanguageSet> {
    const seq = (await this.#deps.store.lastChange(language))?.seq ?? 0;
    const now = this.#deps.clock().getTime();
    const set = this.#sets.get(language);
    if (set && set.seq === seq && now < set.validUntil) return set;
    const key = `${language}@${seq}`;
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = this.#render(language, seq, now).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  async #render(language: string, seq: number, now: number): Promise<LanguageSet> {
    const { store } = this.#deps;
    const at = new Date(now);
    const stories = await store.listLatest({ language, limit: FEED_SIZE, now: at });
    const removed = await store.lastRemoval(language);
    const next = await store.nextEmbargo(language, at);
    // The feed changed when something it shows changed, appeared (an embargo lifting) or left it.
    // Changes it does not show (embargoed, withheld, beyond its length) leave it, and its validators, alone.
    const shown = stories.map((v) => Math.max(Date.parse(v.changedAt), v.article.embargoedUntil ? Date.parse(v.article.embargoedUntil) : 0));
    const updatedMs = Math.max(0, removed ?? 0, ...shown);
    const feed = localizeFeed({ language, stories, updated: new Date(updatedMs).toISOString() }, this.#ctx);
    const contentLanguage = this.#deps.languages.get(language).tag;
    const outputs = new Map<string, Rendered>();
    for (const format of FEED_FORMATS as readonly Format<LocalizedFeed>[]) {
      outputs.set(format.file, makeRendered(format.render(feed), `${format.mediaType}; charset=utf-8`, contentLanguage, new Date(updatedMs)));
    }
    for (const extra of this.#deps.extraOutputs ?? []) {
      outputs.set(extra.id, makeRendered(extra.render(feed), extra.contentType, contentLanguage, new Date(updatedMs)));
    }
    const digest = [...outputs.values()].map((r) => r.etag).join(',');
    const previous = this.#sets.get(language);
    const lastModifiedSec = chooseLastModified(Math.floor(updatedMs / 1000), digest, previous);
    for (const r of outputs.values()) r.lastModified = new Date(lastModifiedSec * 1000);
    const set: LanguageSet = { seq, validUntil: next ?? Number.POSITIVE_INFINITY, digest, lastModifiedSec, outputs };
    // Swap the whole set at once, unless a newer one landed while this one rendered.
    if (!previous || previous.seq <= seq) this.#sets.set(language, set);
    return set;
  }
}

/**
 * HTTP dates have whole seconds, but changes can come faster: a changed set never reuses the
 * second of the set it replaces, so `If-Modified-Since` cannot answer 304 for new content.
 */
function chooseLastModified(naturalSec: number, digest: string, previous: LanguageSet | undefined): number {
  if (!previous) return naturalSec;
  if (previous.digest === digest) return previous.lastModifiedSec;
  return Math.max(naturalSec, previous.lastModifiedSec + 1);
}

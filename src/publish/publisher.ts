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
  readonly #inflight = new Map<string, Promise<LanguageSet>>();
  /** How many times a language set was rendered (for tests and the benchmark). */
  renders = 0;

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
    let pending = this.#inflight.get(language);
    if (!pending) {
      pending = this.#render(language, seq, now).finally(() => this.#inflight.delete(language));
      this.#inflight.set(language, pending);
    }
    return pending;
  }

  async #render(language: string, seq: number, now: number): Promise<LanguageSet> {
    const { store } = this.#deps;
    const at = new Date(now);
    const stories = await store.listLatest({ language, limit: FEED_SIZE, now: at });
    const lastChange = await store.lastChange(language);
    const lifted = await store.lastLiftedEmbargo(language, at);
    // The feed changed when its language last changed, or when an embargo lifted into it.
    const updatedMs = Math.max(lastChange ? Date.parse(lastChange.at) : 0, lifted ?? 0);
    const feed = localizeFeed({ language, stories, updated: new Date(updatedMs).toISOString() }, this.#ctx);
    const lastModified = new Date(updatedMs);
    const outputs = new Map<string, Rendered>();
    const contentLanguage = this.#deps.languages.get(language).tag;
    for (const format of FEED_FORMATS as readonly Format<LocalizedFeed>[]) {
      outputs.set(format.file, makeRendered(format.render(feed), `${format.mediaType}; charset=utf-8`, contentLanguage, lastModified));
    }
    for (const extra of this.#deps.extraOutputs ?? []) {
      outputs.set(extra.id, makeRendered(extra.render(feed), extra.contentType, contentLanguage, lastModified));
    }
    const next = await store.nextEmbargo(language, at);
    const set: LanguageSet = { seq, validUntil: next ?? Number.POSITIVE_INFINITY, outputs };
    this.renders++;
    // Swap the whole set at once, unless a newer one landed while this one rendered.
    const current = this.#sets.get(language);
    if (!current || current.seq <= seq) this.#sets.set(language, set);
    return set;
  }
}

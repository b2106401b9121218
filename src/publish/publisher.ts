import type { PartCache } from '../formats/format.js';
import { FEED_FORMATS, NEWSML_FORMATS, NINJS_FORMATS } from '../formats/registry.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { Resources, Translator } from '../i18n/i18n.js';
import { localizeFeed, type LocalizeContext, type LocalizedFeed } from '../i18n/localize.js';
import type { ArticleStore, Change, Clock, StoryVersion } from '../store/store.js';
import { archiveUrls, monthOf } from '../i18n/urls.js';
import { Archives } from './archives.js';
import { LocalizedItems } from './items.js';
import { TopicFeeds } from './topics.js';
import { ErrorPages } from './error-pages.js';
import { FEED_SIZE } from './feed-size.js';
import { MediaLengths } from './media-files.js';
import { compress, makeUncompressed, type Rendered } from './rendered.js';
import { StoryOutputs } from './stories.js';

export { FEED_SIZE } from './feed-size.js';

export interface PublisherDeps {
  store: ArticleStore;
  languages: LanguageRegistry;
  translator: Translator;
  baseUrl: string;
  clock: Clock;
  /** Byte lengths of the pictures stories name (RSS enclosures); default: the files in content/media. */
  mediaLength?: (url: string) => number | undefined;
  /** WebSub hubs every subscription feed links (`rel="hub"`); none by default. */
  websubHubs?: readonly string[];
  /**
   * Told after a language's public feeds were republished with new bytes (not at the first
   * publication): the ids (`rss.xml`, …) whose bytes changed. WebSub notifications start here.
   */
  onFeedsChanged?: (language: string, ids: string[]) => void;
  /** Told the URLs of topic feeds a change may have changed (WebSub). */
  onTopicFeedsChanged?: (urls: string[]) => void;
  /** How long a killed story's tombstone stays in the Atom feed (ROJNAME_TOMBSTONE_DAYS); default 30 days. */
  tombstoneDays?: number;
  /** The site's home page, from every language's latest stories (`getHome`). */
  home?: { contentLanguage: string; render(feeds: LocalizedFeed[]): string };
  /** Extra outputs of a language's public set (e.g. its HTML page), rendered with the feeds. */
  extraOutputs?: { id: string; contentType: string; render(feed: LocalizedFeed): string }[];
}

const FEED_FILES = new Set(FEED_FORMATS.map((f) => f.file));

/** Stories per language on the home page. */
export const HOME_SIZE = 5;
const HOME_PAGE = 'index.html';

/** Tombstones a feed carries at most (they do not count toward its `FEED_SIZE` entries). */
export const MAX_TOMBSTONES = 100;
export const DEFAULT_TOMBSTONE_DAYS = 30;
const DAY_MS = 86_400_000;

/** How long pages and partner documents wait after a change before they are published unasked. */
const SETTLE_MS = 50;

/** The id of each language's partner newsMessage in its partner set. */
export const PARTNER_MESSAGE = 'latest.xml';
/** The id of each language's partner ninjs latest.json (the newsMessage's items as ninjs) in its partner set. */
export const PARTNER_NINJS = 'latest.json';

/**
 * The outputs published together: a language's public feeds, its page (with the extras), or its
 * partner documents. After a change they are published in this order, each in a turn of its own,
 * so a reader asking for a feed right after a write waits for the feeds alone.
 */
// `partner-released`: the partner documents for partners that do not see embargoed items.
const KINDS = ['feeds', 'page', 'home', 'partner', 'partner-released'] as const;
type SetKind = (typeof KINDS)[number];

interface OutputSet {
  /** The set is stale from this instant (the next embargo to lift), if any. */
  validUntil: number;
  outputs: Map<string, Rendered>;
}

/** One set's state: what is served, and the render that will replace it. */
interface Slot {
  kind: SetKind;
  language: string;
  set?: OutputSet;
  /** A render under way: `set` is older than the store, so nothing is served from it meanwhile. */
  rendering?: Promise<OutputSet>;
  /** A change arrived after `rendering` started (or there is no set yet). */
  dirty: boolean;
  /** The last render's failure, served until the next change. */
  failure?: unknown;
  /** Per output, the parts (feed items) reused by the next render. */
  parts: Map<string, PartCache>;
  timer?: NodeJS.Timeout;
}

/**
 * Publishes each language's outputs when the store changes, never per request: the request path
 * only reads the sets held here. The store tells what changed through its change seam
 * (`store.watch`): this process's writes at once, other processes' through the store's fallback
 * check. A change marks its languages' sets dirty and starts their render; a request that comes in
 * between waits for that render instead of being served the state before the write. A render
 * reuses every unchanged item's checked and serialized parts from the previous one, and a set is
 * swapped in whole, so readers never see a half-updated set. Per-story documents (article pages,
 * newsItems, packages) live in `stories`, a bounded cache dropped per story on change.
 */
export class Publisher {
  readonly #deps: PublisherDeps;
  readonly #ctx: LocalizeContext;
  readonly #slots = new Map<string, Slot>();
  /** Localized items of the current sets, archives and topic feeds: shared by every output. */
  readonly #items: LocalizedItems;
  #kicking = false;
  /** When the last change arrived (`performance.now()`): pages and partner documents settle after it. */
  #lastChange = 0;
  /** Sizes of the pictures stories show (RSS enclosures), read before the items that need them are rendered. */
  readonly #media: MediaLengths;
  readonly stories: StoryOutputs;
  /** Each language's 404, 410 and 500 pages. */
  readonly errorPages: ErrorPages;
  /** Each language's monthly archives (RFC 5005 §4). */
  readonly archives: Archives;
  /** Each language's Media Topic feeds. */
  readonly topics: TopicFeeds;
  readonly #unwatch: () => void;

  constructor(deps: PublisherDeps) {
    this.#deps = deps;
    this.#media = new MediaLengths(deps.store);
    this.#ctx = {
      languages: deps.languages,
      translator: deps.translator,
      baseUrl: deps.baseUrl,
      ...(deps.websubHubs ? { hubs: deps.websubHubs } : {}),
      mediaLength: deps.mediaLength ?? this.#media.length,
    };
    this.stories = new StoryOutputs({ store: deps.store, ctx: this.#ctx, clock: deps.clock });
    this.errorPages = new ErrorPages(deps);
    this.#items = new LocalizedItems(this.#ctx);
    this.#items.hold(() => [...this.#slots.values()].flatMap((slot) => [...slot.parts.values()]));
    this.archives = new Archives({ store: deps.store, ctx: this.#ctx, clock: deps.clock, items: this.#items });
    this.topics = new TopicFeeds({ store: deps.store, ctx: this.#ctx, clock: deps.clock, items: this.#items, media: this.#media, ...(deps.onTopicFeedsChanged ? { onChanged: deps.onTopicFeedsChanged } : {}) });
    this.#unwatch = deps.store.watch((changes) => this.#onChanges(changes));
  }

  /** Renders every set now (the service does this before it listens). */
  async start(): Promise<void> {
    // The variant for partners without embargoed items is published from its first request on
    // (then once per change, as the others): a service whose partners all see embargoes never renders it.
    const kinds = KINDS.filter((kind) => kind !== 'partner-released' && kind !== 'home');
    await Promise.all([
      ...this.#deps.languages.tags.flatMap((language) => kinds.map((kind) => this.#fresh(this.#slot(kind, language)))),
      ...(this.#deps.home ? [this.#fresh(this.#slot('home', ''))] : []),
    ]);
  }

  /** Stops listening to the store and drops pending timers. */
  stop(): void {
    this.#unwatch();
    this.archives.stop();
    this.topics.stop();
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
  }

  // ── New translations (`rojname serve --watch-locales`) ──────────────────────────────────────
  /**
   * Swaps in new locale texts (checked by the caller) and marks everything stale: the translator
   * is reloaded in place, so every holder of it (routes, page renderers) sees the new texts; the
   * localized items, the parts reused between renders, the per-story documents and the error
   * pages are dropped, and every set is published again before it is next served.
   */
  retranslate(resources: Resources): void {
    this.#deps.translator.reload(resources);
    this.#items.clear();
    this.stories.dropAll();
    this.errorPages.clear();
    this.archives.clear();
    this.topics.clear();
    for (const slot of this.#slots.values()) {
      slot.parts.clear();
      slot.dirty = true;
    }
    this.#kick();
  }
  // ────────────────────────────────────────────────────────────────────────────────────────────

  /** The site's home page (`/`). */
  getHome(): Rendered | Promise<Rendered> {
    return this.#output(this.#slot('home', ''), (set) => {
      const r = set.outputs.get(HOME_PAGE);
      if (!r) throw new Error('no home page: the publisher was made without one');
      return r;
    });
  }

  /** The current public output `id` (a feed's file name, or an extra's id) of `language`. */
  get(language: string, id: string): Rendered | Promise<Rendered> {
    const slot = this.#slot(FEED_FILES.has(id) ? 'feeds' : 'page', language);
    return this.#output(slot, (set) => {
      const r = set.outputs.get(id);
      if (!r) throw new Error(`no output "${id}" in the public set of ${language}`);
      return r;
    });
  }

  /**
   * The current partner output `id` (`PARTNER_MESSAGE`, `PARTNER_NINJS`) of `language`; none while
   * it has no items. `embargoed: false`: the variant without the items still under embargo.
   */
  getPartner(language: string, id: string, embargoed = true): Rendered | undefined | Promise<Rendered | undefined> {
    return this.#output(this.#slot(embargoed ? 'partner' : 'partner-released', language), (set) => set.outputs.get(id));
  }

  #output<T>(slot: Slot, pick: (set: OutputSet) => T): T | Promise<T> {
    const { set } = slot;
    if (!slot.rendering && !slot.dirty) {
      // A failed render is answered as such until the next change: never rendered per request.
      if (slot.failure !== undefined) throw slot.failure;
      // The fast path: memory only, no promise, no store.
      if (set && this.#deps.clock().getTime() < set.validUntil) return pick(set);
    }
    return this.#fresh(slot).then(pick);
  }

  #slot(kind: SetKind, language: string): Slot {
    const key = `${kind}:${language}`;
    let slot = this.#slots.get(key);
    if (!slot) {
      // The home page is the site's, not one language's.
      if (kind !== 'home') this.#deps.languages.get(language);
      slot = { kind, language, dirty: true, parts: new Map() };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  #onChanges(changes: readonly Change[]): void {
    const languages = new Set(changes.map((c) => c.language));
    this.stories.drop(new Set(changes.map((c) => c.articleId)));
    for (const slot of this.#slots.values()) if (languages.has(slot.language) || slot.kind === 'home') slot.dirty = true;
    this.#lastChange = performance.now();
    this.#kick();
  }

  /**
   * Publishes the dirty sets one per turn of the event loop: feeds at once (the write that caused
   * them is answered first), pages and partner documents once `SETTLE_MS` have passed since the
   * last change (then one after the other), which keeps them from holding up the readers who fetch
   * the feeds right after a write, renders them once for a burst of writes, and has them all done
   * well before the next edit usually comes. A request for a dirty set does not wait for this: it
   * publishes the set at once. A failure is kept for the requests that follow.
   */
  #kick(): void {
    if (this.#kicking) return;
    const next = [...this.#slots.values()].filter((s) => s.dirty).sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind))[0];
    if (!next) return;
    this.#kicking = true;
    const run = () => {
      const done = () => {
        this.#kicking = false;
        this.#kick();
      };
      if (next.dirty) this.#fresh(next).then(done, done);
      else done();
    };
    const wait = next.kind === 'feeds' ? 0 : SETTLE_MS - (performance.now() - this.#lastChange);
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  /** A set rendered after the latest change to it: the one under way if it started after that change. */
  #fresh(slot: Slot): Promise<OutputSet> {
    if (slot.rendering && !slot.dirty) return slot.rendering;
    if (!slot.dirty && slot.failure === undefined && slot.set && this.#deps.clock().getTime() < slot.set.validUntil) return Promise.resolve(slot.set);
    // One render at a time per set; a newer one starts when the one under way is done.
    const after = slot.rendering ?? Promise.resolve();
    const next = after.catch(() => {}).then(() => this.#render(slot));
    slot.dirty = false;
    slot.rendering = next;
    next.then(
      (set) => {
        if (slot.rendering !== next) return;
        slot.rendering = undefined;
        const changed: string[] = [];
        for (const [id, old] of slot.set?.outputs ?? []) {
          if (set.outputs.get(id) === old) continue;
          old.superseded = true;
          changed.push(id);
        }
        slot.set = set;
        if (changed.length > 0 && slot.kind === 'feeds') this.#deps.onFeedsChanged?.(slot.language, changed);
        slot.failure = undefined;
        this.#schedule(slot, set);
      },
      (error: unknown) => {
        if (slot.rendering !== next) return;
        slot.rendering = undefined;
        slot.failure = error;
      },
    );
    return next;
  }

  /** An embargo that lifts makes the set stale at that instant: publish it then. */
  #schedule(slot: Slot, set: OutputSet): void {
    clearTimeout(slot.timer);
    if (!Number.isFinite(set.validUntil)) return;
    const wait = Math.min(Math.max(0, set.validUntil - this.#deps.clock().getTime()), 2 ** 31 - 1);
    slot.timer = setTimeout(() => {
      slot.dirty = true;
      this.#fresh(slot).catch(() => {});
    }, wait);
    slot.timer.unref();
  }

  async #render(slot: Slot): Promise<OutputSet> {
    if (slot.kind === 'home') return this.#renderHome();
    return slot.kind === 'partner' || slot.kind === 'partner-released' ? this.#renderPartner(slot) : this.#renderPublic(slot);
  }

  /** `/`: the latest `HOME_SIZE` stories of every language, published when any of them changes. */
  async #renderHome(): Promise<OutputSet> {
    const { store, languages, home } = this.#deps;
    if (!home) return { validUntil: Number.POSITIVE_INFINITY, outputs: new Map() };
    const at = this.#deps.clock();
    const perLanguage = await Promise.all(
      languages.tags.map(async (language) => {
        const [stories, removed, next] = await Promise.all([store.listLatest({ language, limit: HOME_SIZE, now: at }), store.lastRemoval(language), store.nextEmbargo(language, at)]);
        await this.#media.prefetch(stories.filter((s) => !this.#items.has(s)));
        const items = stories.map((s) => this.#items.get(s));
        const shown = items.map((i) => Math.max(Date.parse(i.updated), i.embargoedUntil ? Date.parse(i.embargoedUntil) : 0));
        const updated = Math.max(0, removed ?? 0, ...shown);
        return { feed: localizeFeed({ language, stories, updated: new Date(updated).toISOString() }, this.#ctx, (s) => this.#items.get(s)), updated, next };
      }),
    );
    const updated = new Date(Math.max(0, ...perLanguage.map((l) => l.updated)));
    const validUntil = Math.min(Number.POSITIVE_INFINITY, ...perLanguage.map((l) => l.next ?? Number.POSITIVE_INFINITY));
    const page = new Output(this.#slot('home', ''));
    page.put(HOME_PAGE, home.render(perLanguage.map((l) => l.feed)), 'text/html; charset=utf-8', home.contentLanguage, updated);
    return { validUntil, outputs: page.outputs };
  }

  async #renderPublic(slot: Slot): Promise<OutputSet> {
    const { store } = this.#deps;
    const { language } = slot;
    const at = this.#deps.clock();
    const now = at.getTime();
    const keepMs = (this.#deps.tombstoneDays ?? DEFAULT_TOMBSTONE_DAYS) * DAY_MS;
    const [stories, removed, next, killed, expired] = await Promise.all([
      store.listLatest({ language, limit: FEED_SIZE, now: at }),
      store.lastRemoval(language),
      store.nextEmbargo(language, at),
      // Tombstones (RFC 6721) for the kills of the last `tombstoneDays`, and the newest one that has expired.
      slot.kind === 'feeds' ? store.listKilled({ language, after: now - keepMs, before: Number.MAX_SAFE_INTEGER, limit: MAX_TOMBSTONES }) : [],
      slot.kind === 'feeds' ? store.listKilled({ language, after: 0, before: now - keepMs, limit: 1 }) : [],
    ]);
    // Every set shares the localized items: whichever localizes one first knows its picture's size.
    await this.#media.prefetch(stories.filter((s) => !this.#items.has(s)));
    const items = stories.map((s) => this.#items.get(s));
    // A story killed while still under embargo was never public: nothing to take back.
    const tombstones = killed.filter((k) => !k.article.embargoedUntil || Date.parse(k.article.embargoedUntil) <= Date.parse(k.changedAt));
    // The feed changed when something it shows changed, appeared (an embargo lifting), left it, or
    // its tombstone expired. Changes it does not show (embargoed, withheld, beyond its length) leave
    // it, and its validators, alone.
    const shown = items.map((i) => Math.max(Date.parse(i.updated), i.embargoedUntil ? Date.parse(i.embargoedUntil) : 0));
    const lastExpiry = expired[0] ? Date.parse(expired[0].changedAt) + keepMs : 0;
    const updated = new Date(Math.max(0, removed ?? 0, lastExpiry, ...shown));
    // RFC 5005: the subscription feed's previous archive is the month of its newest story.
    const newest = items[0];
    const history = newest ? { archive: false, prev: archiveUrls(this.#deps.baseUrl, language, monthOf(Date.parse(newest.published))) } : undefined;
    const feed = localizeFeed({ language, stories, killed: tombstones, updated: updated.toISOString(), ...(history ? { history } : {}) }, this.#ctx, (s) => this.#items.get(s));
    // The oldest tombstone leaves the feed when it expires: the set is stale from then.
    const oldest = killed.at(-1);
    const validUntil = Math.min(next ?? Number.POSITIVE_INFINITY, oldest ? Date.parse(oldest.changedAt) + keepMs : Number.POSITIVE_INFINITY);
    const contentLanguage = this.#deps.languages.get(language).tag;
    const outputs = new Output(slot);
    if (slot.kind === 'feeds') {
      for (const format of FEED_FORMATS) outputs.put(format.file, format.renderBytes(feed, this.#parts(slot, format.file)), `${format.mediaType}; charset=utf-8`, contentLanguage, updated);
    } else {
      for (const extra of this.#deps.extraOutputs ?? []) outputs.put(extra.id, extra.render(feed), extra.contentType, contentLanguage, updated);
    }
    this.#items.forget();
    return { validUntil, outputs: outputs.outputs };
  }

  /**
   * Partners see embargoed stories (with their embargo), so their set never goes stale by the
   * clock; the `partner-released` set (for partners that do not) holds only stories whose embargo
   * has lifted, and is stale at the next embargo instant, as the public feeds are.
   */
  async #renderPartner(slot: Slot): Promise<OutputSet> {
    const { store } = this.#deps;
    const { language } = slot;
    const at = this.#deps.clock();
    const released = slot.kind === 'partner-released';
    const [stories, removed, next] = await Promise.all([
      store.listLatest({ language, limit: FEED_SIZE, now: at, includeEmbargoed: !released }),
      store.lastRemoval(language),
      released ? store.nextEmbargo(language, at) : undefined,
    ]);
    // Released: an embargo lifting into the set changes it, at that (stored) instant.
    const lifted = (v: StoryVersion) => (released && v.article.embargoedUntil ? Date.parse(v.article.embargoedUntil) : 0);
    const updated = new Date(Math.max(0, removed ?? 0, ...stories.map((v) => Math.max(Date.parse(v.changedAt), lifted(v)))));
    await this.#media.prefetch(stories.filter((s) => !this.#items.has(s)));
    const items = stories.map((s) => this.#items.get(s));
    const outputs = new Output(slot);
    if (items.length > 0) {
      // `sent` and `transmitId` derive from the stored state, so the same state has the same bytes
      // (and ETag) in every process, and the validator changes exactly when the items do.
      const xml = NEWSML_FORMATS.message.renderBytes({ sent: updated.toISOString(), transmitId: `${language}-${updated.getTime()}`, items }, this.#parts(slot, PARTNER_MESSAGE));
      outputs.put(PARTNER_MESSAGE, xml, `${NEWSML_FORMATS.message.mediaType}; charset=utf-8`, language, updated);
      // The same items as ninjs, each item's object built, checked and serialized once while unchanged.
      const json = NINJS_FORMATS.latest.renderBytes({ items }, this.#parts(slot, PARTNER_NINJS));
      outputs.put(PARTNER_NINJS, json, `${NINJS_FORMATS.latest.mediaType}; charset=utf-8`, language, updated);
    }
    this.#items.forget();
    return { validUntil: next ?? Number.POSITIVE_INFINITY, outputs: outputs.outputs };
  }

  #parts(slot: Slot, id: string): PartCache {
    let cache = slot.parts.get(id);
    if (!cache) slot.parts.set(id, (cache = new Map()));
    return cache;
  }

}

/**
 * The outputs of one render of a set. The same bytes as before keep the same object (and its
 * compressed bytes): nothing is redone, and only new bytes are compressed.
 */
class Output {
  readonly outputs = new Map<string, Rendered>();

  constructor(private readonly slot: Slot) {}

  put(id: string, content: string | Buffer, contentType: string, contentLanguage: string, lastModified: Date): void {
    const fresh = makeUncompressed(content, contentType, contentLanguage, lastModified);
    const old = this.slot.set?.outputs.get(id);
    this.outputs.set(id, old && old.etag === fresh.etag && old.lastModified.getTime() === lastModified.getTime() ? old : compress(fresh));
  }
}

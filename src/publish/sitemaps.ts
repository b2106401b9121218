import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { newsSitemapFormat, sitemapFormat, sitemapIndexFormat, type SitemapUrlView } from '../formats/sitemap/index.js';
import { renderRobotsTxt } from '../formats/sitemap/robots.js';
import { MAX_NEWS_URLS, MAX_SITEMAP_URLS } from '../formats/sitemap/schema.js';
import type { Translator } from '../i18n/i18n.js';
import type { Language, LanguageRegistry } from '../i18n/languages.js';
import { localizeItem } from '../i18n/localize.js';
import { feedUrls, siteUrls, type SiteUrls } from '../i18n/urls.js';
import type { ArticleStore, Change, Clock, StoryVersion } from '../store/store.js';
import { FEED_SIZE } from './publisher.js';
import { brotliInPool, etagOf, gzipInPool, makeRendered, type Rendered } from './rendered.js';

export interface SitemapDeps {
  store: ArticleStore;
  languages: LanguageRegistry;
  translator: Translator;
  baseUrl: string;
  clock: Clock;
  /** Stories per language sitemap file: 50,000 (the protocol's most) unless a test wants small files. */
  urlsPerFile?: number;
}

export const SITEMAP_INDEX = 'sitemap.xml';
export const NEWS_SITEMAP = 'news-sitemap.xml';
/** The language home pages, with their hreflang alternates. */
export const HOME_SITEMAP = 'sitemap-home.xml';
export const ROBOTS_TXT = 'robots.txt';
export const FAVICON = 'favicon.ico';
export const FAVICON_PATH = new URL('../../content/site/favicon.ico', import.meta.url).pathname;

/**
 * The `n`th (from 1) sitemap of a language's stories, oldest first. At the site's root, not in a
 * folder: sitemaps.org lets a sitemap list only URLs under the folder it is in.
 */
export function languageSitemapName(language: string, n: number): string {
  return `sitemap-${language}-${n}.xml`;
}

/** Google News takes the articles of the last two days. */
export const NEWS_WINDOW_MS = 2 * 86_400_000;
const XML = 'application/xml; charset=utf-8';
/** Stories read per `listPublished` page while every language is first read. */
const PAGE = 1_000;
/**
 * How long the sitemaps wait after a change before they are published unasked: a burst of edits renders
 * once. Long, because a language's file holds up to 50,000 URLs (about 1.5 s to render at that size, on the
 * main thread) and crawlers read sitemaps rarely; a request for them meanwhile publishes them at once, so it
 * never gets the state before a change. The feeds, which readers poll, are published within milliseconds.
 */
const SETTLE_MS = 30_000;
/** Bodies above this keep only their compressed bytes (see `holdCompressed`). */
const KEEP_IDENTITY_BYTES = 1 << 20;
/** Judged at this instant, `listPublished` lists every usable version, those still under embargo too. */
const FAR_FUTURE = new Date(8.64e15);

/** What a sitemap needs of one public language version: a few numbers, not the story. */
interface Rec {
  id: string;
  itemVersion: number;
  changedMs: number;
  /** Publication time (the store's feed order). */
  sortMs: number;
  /** When its embargo lifts (0: none); it is listed from then on. */
  embargoMs: number;
}

/** A published sitemap file and what it was rendered from. */
interface Held {
  /** Digest of the entries it lists (ids, lastmods, alternates): equal digests, equal bytes. */
  sig: string;
  lastmod: number;
  rendered: Rendered;
}

interface LanguageState {
  language: Language;
  urls: SiteUrls;
  byId: Map<string, Rec>;
  /** Oldest first (the reverse of the store's feed order): new stories join the last file. */
  order: Rec[];
  files: Held[];
}

const lastmodOf = (r: Rec) => Math.max(r.changedMs, r.embargoMs);
const iso = (ms: number) => new Date(ms).toISOString();
/** Oldest first: publication time, then id descending (the store's order is newest first, id ascending). */
const byAge = (a: Rec, b: Rec) => a.sortMs - b.sortMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Publishes `/sitemap.xml` (an index), the language home pages' sitemap, one sitemap per 50,000
 * stories of each language and `/news-sitemap.xml`, when the store changes, never per request.
 * Memory stays small at any size: per story and language a few numbers (`Rec`), per file its
 * compressed bytes. A change re-reads only the changed language versions (`getStoryVersion`), and
 * re-renders only the files whose entries changed: the others keep their bytes and ETags. Embargoes
 * are known in advance, so a story is listed from the instant its embargo lifts, and the news
 * sitemap drops a story the instant it turns two days old.
 *
 * `lastmod` of a page: when its language version last changed, or its embargo lifted if later.
 * `lastmod` of a language's file (the index entry and Last-Modified): the latest of its own pages',
 * of the files before it (a story that appears or leaves there shifts every later file by one) and
 * of the language's last removal (a kill leaves no page behind to date it). It can be later than
 * the file's last change, never earlier.
 */
export class SitemapPublisher {
  readonly #deps: SitemapDeps;
  readonly #states: LanguageState[];
  readonly #unwatch: () => void;
  readonly robots: Rendered;
  readonly favicon: Rendered;
  /** What is served: every sitemap document by file name, swapped in whole. */
  #outputs = new Map<string, Rendered>();
  #home?: Held;
  #news?: Held;
  #index?: Held;
  /** Headlines of the news sitemap's entries, by `id/lang@itemVersion`. */
  #titles = new Map<string, { title: string; published: string }>();
  /** Language versions changed since the last render: `id`, language. */
  #pending = new Map<string, { id: string; language: string }>();
  /** Whether everything must be read again (before the first render, or after a failed one). */
  #rescan = true;
  #begun = false;
  #dirty = true;
  #viewAt = 0;
  #validUntil = 0;
  #rendering?: Promise<void>;
  #failure: unknown;
  #timer?: NodeJS.Timeout;

  constructor(deps: SitemapDeps) {
    this.#deps = deps;
    this.#states = deps.languages.languages.map((language) => ({ language, urls: siteUrls(deps.baseUrl, language.tag), byId: new Map(), order: [], files: [] }));
    this.robots = makeRendered(renderRobotsTxt(deps.baseUrl), 'text/plain; charset=utf-8', undefined, deps.clock());
    this.favicon = loadFavicon(deps.clock());
    this.#unwatch = deps.store.watch((changes) => this.#onChanges(changes));
  }

  /** Reads the store and renders every file now (otherwise the first request does). */
  async start(): Promise<void> {
    await this.#fresh();
  }

  stop(): void {
    this.#unwatch();
    clearTimeout(this.#timer);
  }

  /** The current sitemap document `name` (`sitemap.xml`, `sitemap-en-1.xml`, …); undefined when there is none. */
  get(name: string): Rendered | undefined | Promise<Rendered | undefined> {
    const wait = this.#fresh();
    return wait ? wait.then(() => this.#outputs.get(name)) : this.#outputs.get(name);
  }

  /** Every published file by path (the static build writes these): the sitemaps, robots.txt and the favicon. */
  async files(): Promise<Map<string, Rendered>> {
    await this.#fresh();
    return new Map([[ROBOTS_TXT, this.robots], [FAVICON, this.favicon], ...this.#outputs]);
  }

  /** Undefined when what is held is current: the request path then reads memory only. */
  #fresh(): Promise<void> | undefined {
    if (!this.#rendering && !this.#dirty && this.#deps.clock().getTime() < this.#validUntil) {
      if (this.#failure !== undefined) throw this.#failure;
      return undefined;
    }
    if (!this.#rendering && !this.#dirty && this.#failure !== undefined) throw this.#failure;
    return this.#run();
  }

  #onChanges(changes: readonly Change[]): void {
    // Before the first render, which reads everything, there is nothing to bring up to date.
    if (!this.#begun) return;
    for (const c of changes) if (this.#deps.languages.has(c.language)) this.#pending.set(`${c.articleId}\u0000${c.language}`, { id: c.articleId, language: c.language });
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#dirty && this.#run().catch(() => {}), SETTLE_MS);
    this.#timer.unref();
  }

  /** One render at a time; a change during one starts another when it is done. */
  #run(): Promise<void> {
    if (this.#rendering && !this.#dirty) return this.#rendering;
    const after = this.#rendering ?? Promise.resolve();
    this.#dirty = false;
    this.#begun = true;
    const next = after.catch(() => {}).then(() => this.#render());
    this.#rendering = next;
    next.then(
      () => {
        if (this.#rendering === next) this.#rendering = undefined;
        this.#failure = undefined;
        this.#schedule();
      },
      (error: unknown) => {
        if (this.#rendering === next) this.#rendering = undefined;
        // Answered as such until the next change, which reads everything again.
        this.#failure = error;
        this.#rescan = true;
      },
    );
    return next;
  }

  /** An embargo lifting or a news entry turning two days old makes the files stale at that instant. */
  #schedule(): void {
    clearTimeout(this.#timer);
    if (!Number.isFinite(this.#validUntil)) return;
    const wait = Math.min(Math.max(0, this.#validUntil - this.#deps.clock().getTime()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => {
      this.#dirty = true;
      this.#run().catch(() => {});
    }, wait);
    this.#timer.unref();
  }

  async #render(): Promise<void> {
    const { store } = this.#deps;
    const now = this.#deps.clock().getTime();
    const touched = new Set<LanguageState>();
    if (this.#rescan) {
      this.#pending.clear();
      await this.#scan();
      this.#rescan = false;
      this.#states.forEach((s) => touched.add(s));
    } else {
      const batch = [...this.#pending.values()];
      this.#pending.clear();
      for (const { id, language } of batch) await this.#apply(id, language, touched);
      // Embargoes that lifted since the last render: their stories are listed from now on.
      for (const s of this.#states) if (s.order.some((r) => r.embargoMs > this.#viewAt && r.embargoMs <= now)) touched.add(s);
    }
    const removals = await Promise.all(this.#states.map((s) => store.lastRemoval(s.language.tag)));
    for (const [i, s] of this.#states.entries()) if (touched.has(s)) await this.#renderLanguage(s, now, removals[i] ?? 0);
    const home = this.#renderHome(now, removals);
    const news = await this.#renderNews(now, removals);
    const outputs = new Map<string, Rendered>([[HOME_SITEMAP, home.rendered]]);
    for (const s of this.#states) s.files.forEach((f, n) => outputs.set(languageSitemapName(s.language.tag, n + 1), f.rendered));
    if (news.held) outputs.set(NEWS_SITEMAP, news.held.rendered);
    outputs.set(SITEMAP_INDEX, this.#renderIndex(home, news.held).rendered);
    for (const [name, old] of this.#outputs) if (outputs.get(name) !== old) old.superseded = true;
    this.#outputs = outputs;
    this.#viewAt = now;
    let validUntil = news.validUntil;
    for (const s of this.#states) for (const r of s.order) if (r.embargoMs > now && r.embargoMs < validUntil) validUntil = r.embargoMs;
    this.#validUntil = validUntil;
  }

  /** Every usable version of every language, embargoed ones too (they are listed once their embargo lifts). */
  async #scan(): Promise<void> {
    for (const s of this.#states) {
      const byId = new Map<string, Rec>();
      let after: string | undefined;
      do {
        const page = await this.#deps.store.listPublished({ language: s.language.tag, now: FAR_FUTURE, limit: PAGE, ...(after === undefined ? {} : { after }) });
        for (const v of page.stories) byId.set(v.articleId, recOf(v));
        after = page.next;
        // Requests go on between pages: the first read of a large store takes seconds.
        await new Promise((resolve) => setImmediate(resolve));
      } while (after !== undefined);
      s.byId = byId;
      s.order = [...byId.values()].sort(byAge);
    }
  }

  /** Brings one language version up to date; the languages whose files may show it are `touched`. */
  async #apply(id: string, language: string, touched: Set<LanguageState>): Promise<void> {
    const s = this.#states.find((x) => x.language.tag === language)!;
    const version = await this.#deps.store.getStoryVersion(id, language);
    const fresh = version && version.article.pubStatus === 'usable' ? recOf(version) : undefined;
    const old = s.byId.get(id);
    if (old && fresh && old.itemVersion === fresh.itemVersion && old.changedMs === fresh.changedMs) return;
    if (!old && !fresh) return;
    // Its alternates are in every language's files that list the story.
    for (const other of this.#states) if (other.byId.has(id)) touched.add(other);
    touched.add(s);
    if (old) s.order.splice(indexOf(s.order, old), 1);
    if (fresh) {
      s.byId.set(id, fresh);
      s.order.splice(insertionPoint(s.order, fresh), 0, fresh);
    } else {
      s.byId.delete(id);
    }
  }

  /** Which languages list story `id` at `now`, as bits in registry order. */
  #mask(id: string, now: number): number {
    let mask = 0;
    this.#states.forEach((s, i) => {
      const r = s.byId.get(id);
      if (r && r.embargoMs <= now) mask |= 1 << i;
    });
    return mask;
  }

  async #renderLanguage(s: LanguageState, now: number, removal: number): Promise<void> {
    const visible = s.order.filter((r) => r.embargoMs <= now);
    const per = Math.min(this.#deps.urlsPerFile ?? MAX_SITEMAP_URLS, MAX_SITEMAP_URLS);
    const files: Held[] = [];
    let lastmod = removal;
    for (let n = 0; n * per < visible.length; n++) {
      const chunk = visible.slice(n * per, (n + 1) * per);
      const masks = chunk.map((r) => this.#mask(r.id, now));
      const digest = createHash('sha256');
      chunk.forEach((r, i) => digest.update(`${r.id}\t${lastmodOf(r)}\t${masks[i]}\n`));
      const sig = digest.digest('base64url');
      for (const r of chunk) lastmod = Math.max(lastmod, lastmodOf(r));
      const old = s.files[n];
      if (old?.sig === sig) {
        files.push(old.lastmod === lastmod ? old : { sig, lastmod, rendered: await relastmod(old.rendered, lastmod) });
        continue;
      }
      const urls: SitemapUrlView[] = chunk.map((r, i) => ({ url: s.urls.article(r.id), lastmod: iso(lastmodOf(r)), alternates: this.#alternates(r.id, masks[i]!) }));
      files.push({ sig, lastmod, rendered: await hold(sitemapFormat.render({ urls }), lastmod) });
    }
    s.files = files;
  }

  /** Every language version of `id` in `mask`, none when it has only one. */
  #alternates(id: string, mask: number): SitemapUrlView['alternates'] {
    if ((mask & (mask - 1)) === 0) return [];
    return this.#states.filter((_, i) => mask & (1 << i)).map((s) => ({ language: s.language, url: s.urls.article(id) }));
  }

  /** The language home pages: each changes with its newest stories (and with removals). */
  #renderHome(now: number, removals: (number | undefined)[]): Held {
    const homes = this.#states.map((s, i) => {
      const newest = s.order.filter((r) => r.embargoMs <= now).slice(-FEED_SIZE);
      return { url: feedUrls(this.#deps.baseUrl, s.language.tag).languageHome, lastmod: Math.max(removals[i] ?? 0, ...newest.map(lastmodOf)) };
    });
    const lastmod = Math.max(...homes.map((h) => h.lastmod));
    const alternates = this.#states.map((s, i) => ({ language: s.language, url: homes[i]!.url }));
    const xml = sitemapFormat.render({ urls: homes.map((h) => ({ url: h.url, lastmod: iso(h.lastmod), alternates: alternates.length > 1 ? alternates : [] })) });
    this.#home = keep(this.#home, xml, lastmod);
    return this.#home;
  }

  /** Every language's stories published in the last two days, newest first, at most 1,000. */
  async #renderNews(now: number, removals: (number | undefined)[]): Promise<{ held?: Held; validUntil: number }> {
    const cutoff = now - NEWS_WINDOW_MS;
    let agedOut = 0;
    const recent: { s: LanguageState; r: Rec }[] = [];
    for (const s of this.#states) {
      for (let i = s.order.length - 1; i >= 0; i--) {
        const r = s.order[i]!;
        if (r.embargoMs > now) continue;
        // Two days old at `sortMs + NEWS_WINDOW_MS`: out from that instant on.
        if (r.sortMs <= cutoff) {
          // The newest story that has left the window left it at this instant.
          agedOut = Math.max(agedOut, r.sortMs + NEWS_WINDOW_MS);
          break;
        }
        recent.push({ s, r });
      }
    }
    recent.sort((a, b) => b.r.sortMs - a.r.sortMs || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0) || this.#states.indexOf(a.s) - this.#states.indexOf(b.s));
    const shown = recent.slice(0, MAX_NEWS_URLS);
    if (shown.length === 0) {
      this.#titles.clear();
      this.#news = undefined;
      return { validUntil: Number.POSITIVE_INFINITY };
    }
    const titles = new Map<string, { title: string; published: string }>();
    const entries = [];
    for (const { s, r } of shown) {
      const key = `${r.id}/${s.language.tag}@${r.itemVersion}`;
      let known = this.#titles.get(key);
      if (!known) {
        const version = await this.#deps.store.getStoryVersion(r.id, s.language.tag, r.itemVersion);
        if (!version) throw new Error(`news sitemap: ${key} is not in the store`);
        const item = localizeItem(version, { languages: this.#deps.languages, translator: this.#deps.translator, baseUrl: this.#deps.baseUrl });
        known = { title: item.headline, published: item.published };
      }
      titles.set(key, known);
      entries.push({ url: s.urls.article(r.id), language: s.language, publicationName: this.#deps.translator.t(s.language.tag)('site.name'), published: known.published, title: known.title });
    }
    this.#titles = titles;
    let lastmod = Math.max(agedOut, ...removals.map((r) => r ?? 0));
    for (const { r } of shown) lastmod = Math.max(lastmod, lastmodOf(r));
    this.#news = keep(this.#news, newsSitemapFormat.render({ entries }), lastmod);
    return { held: this.#news, validUntil: shown.at(-1)!.r.sortMs + NEWS_WINDOW_MS };
  }

  #renderIndex(home: Held, news: Held | undefined): Held {
    const base = this.#deps.baseUrl.replace(/\/+$/, '');
    const entry = (name: string, held: Held) => ({ url: `${base}/${name}`, lastmod: iso(held.lastmod) });
    const sitemaps = [entry(HOME_SITEMAP, home)];
    for (const s of this.#states) s.files.forEach((f, n) => sitemaps.push(entry(languageSitemapName(s.language.tag, n + 1), f)));
    if (news) sitemaps.push(entry(NEWS_SITEMAP, news));
    const lastmod = Math.max(home.lastmod, news?.lastmod ?? 0, ...this.#states.flatMap((s) => s.files.map((f) => f.lastmod)));
    this.#index = keep(this.#index, sitemapIndexFormat.render({ sitemaps }), lastmod);
    return this.#index;
  }
}

function recOf(v: StoryVersion): Rec {
  const { article } = v;
  return {
    id: v.articleId,
    itemVersion: v.itemVersion,
    changedMs: Date.parse(v.changedAt),
    sortMs: Date.parse(article.published ?? article.firstCreated),
    embargoMs: article.embargoedUntil ? Date.parse(article.embargoedUntil) : 0,
  };
}

/** Where `rec` goes in `order` (oldest first), by binary search. */
function insertionPoint(order: Rec[], rec: Rec): number {
  let [lo, hi] = [0, order.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byAge(order[mid]!, rec) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOf(order: Rec[], rec: Rec): number {
  const at = insertionPoint(order, rec);
  return order[at] === rec ? at : order.indexOf(rec);
}

/** The same bytes and lastmod as before keep the held file (and its compressed bytes); small documents only. */
function keep(old: Held | undefined, xml: string, lastmod: number): Held {
  const etag = etagOf(xml);
  if (old && old.sig === etag && old.lastmod === lastmod) return old;
  return { sig: etag, lastmod, rendered: makeRendered(xml, XML, undefined, new Date(lastmod), etag) };
}

/**
 * A rendered sitemap file. Up to `KEEP_IDENTITY_BYTES` it is published as every output is
 * (`makeRendered`). A larger one (a 50,000-URL file is about 34 MB) keeps only its gzip and brotli
 * bytes (about 1.6 and 1 MB), compressed once off the main thread; the rare client that takes
 * neither gets the gzip bytes inflated, held only until the garbage collector wants them back.
 */
async function hold(xml: string, lastmod: number): Promise<Rendered> {
  const body = Buffer.from(xml, 'utf8');
  if (body.length <= KEEP_IDENTITY_BYTES) return makeRendered(xml, XML, undefined, new Date(lastmod));
  const [gz, br] = await Promise.all([gzipInPool(body, 6), brotliInPool(body, 5)]);
  return holdCompressed({ etag: etagOf(body), gzip: gz, br }, new Date(lastmod));
}

function holdCompressed(bytes: { etag: string; gzip: Buffer; br: Buffer }, lastModified: Date): Rendered {
  let inflated: WeakRef<Buffer> | undefined;
  return {
    get body(): Buffer {
      let body = inflated?.deref();
      if (!body) inflated = new WeakRef((body = gunzipSync(bytes.gzip)));
      return body;
    },
    gzip: bytes.gzip,
    br: bytes.br,
    etag: bytes.etag,
    lastModified,
    contentType: XML,
  };
}

/** The same bytes (and ETag) under a later Last-Modified. */
async function relastmod(r: Rendered, lastmod: number): Promise<Rendered> {
  if (r.body.length <= KEEP_IDENTITY_BYTES) return makeRendered(r.body.toString('utf8'), XML, undefined, new Date(lastmod));
  return holdCompressed({ etag: r.etag, gzip: r.gzip!, br: r.br! }, new Date(lastmod));
}

/**
 * `content/site/favicon.ico`, checked before it is served: an ICO directory (reserved 0, type 1)
 * whose every image lies inside the file. Binary: never compressed.
 */
export function loadFavicon(lastModified: Date): Rendered {
  const bytes = readFileSync(FAVICON_PATH);
  const problem = checkIco(bytes);
  if (problem) throw new Error(`${FAVICON_PATH}: not an ICO file (${problem})`);
  return makeRendered(bytes, 'image/x-icon', undefined, lastModified);
}

/** Why `bytes` is not an ICO file, or undefined. */
export function checkIco(bytes: Buffer): string | undefined {
  if (bytes.length < 6 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) return 'no ICO header';
  const count = bytes.readUInt16LE(4);
  if (count === 0 || bytes.length < 6 + 16 * count) return 'no image directory';
  for (let i = 0; i < count; i++) {
    const size = bytes.readUInt32LE(6 + 16 * i + 8);
    const offset = bytes.readUInt32LE(6 + 16 * i + 12);
    if (offset < 6 + 16 * count || offset + size > bytes.length) return `image ${i + 1} lies outside the file`;
  }
  return undefined;
}

import type { PartCache } from '../formats/format.js';
import { FEED_FORMATS } from '../formats/registry.js';
import { localizeFeed, type LocalizeContext } from '../i18n/localize.js';
import type { LocalizedItems } from './items.js';
import type { ArticleStore, Change, Clock } from '../store/store.js';
import { findTopic } from '../topics/vocabulary.js';
import { topicLabel } from '../topics/labels.js';
import { FEED_SIZE } from './feed-size.js';
import type { MediaLengths } from './media-files.js';
import { makeRendered, type Rendered } from './rendered.js';
import { feedUrls, topicFeedUrls } from '../i18n/urls.js';

/** Topic feeds kept at once (each three documents); the least recently asked for go first. */
const MAX_TOPICS = 256;

interface TopicDocs {
  outputs: Promise<Map<string, Rendered>>;
  /** Stale from this instant (an embargo lifting into the topic). */
  validUntil: number;
  /** The stories it shows, so a change to one of them drops it. */
  stories: Set<string>;
}

export interface TopicFeedsDeps {
  store: ArticleStore;
  ctx: LocalizeContext;
  clock: Clock;
  /** The publisher's localized items, shared with its other outputs. */
  items: LocalizedItems;
  /** Sizes of uploaded pictures, read before the items are rendered (RSS enclosures). */
  media?: MediaLengths;
  /** Told the feed URLs of a topic feed that may have changed (WebSub publish notifications). */
  onChanged?: (urls: string[]) => void;
}

/**
 * Per-language feeds of one IPTC Media Topic: `/{lang}/topics/{code}/rss.xml`, `atom.xml`,
 * `feed.json`, the 30 newest usable stories naming that topic (no roll-up to broader topics),
 * titled with the topic's label in the language. Subscription feeds, with WebSub hub links. Each is
 * rendered when first asked for, from the store's topic index, and kept until a change touches a
 * story it shows or a story now naming its topic; item parts are reused between renders.
 */
export class TopicFeeds {
  readonly #docs = new Map<string, TopicDocs>();
  readonly #parts = new Map<string, PartCache>();
  #pending: Promise<void> = Promise.resolve();
  readonly #unwatch: () => void;

  constructor(private readonly deps: TopicFeedsDeps) {
    deps.items.hold(() => this.#parts.values());
    this.#unwatch = deps.store.watch((changes) => this.#onChanges(changes));
  }

  stop(): void {
    this.#unwatch();
  }

  /** Forgets every topic feed (the translations changed). */
  clear(): void {
    this.#docs.clear();
    this.#parts.clear();
  }

  /** The URLs of a topic feed's three documents. */
  urls(language: string, code: string): { rss: string; atom: string; json: string } {
    return topicFeedUrls(feedUrls(this.deps.ctx.baseUrl, language).languageHome, code);
  }

  /**
   * One document (`rss.xml`, `atom.xml`, `feed.json`) of the feed of `code` (8 digits) in
   * `language`, or undefined when IPTC has no such topic or no usable story in the language names it.
   */
  async get(language: string, code: string, file: string): Promise<Rendered | undefined> {
    if (!/^\d{8}$/.test(code) || !findTopic(`medtop:${code}`)) return undefined;
    await this.#pending;
    const key = `${language} ${code}`;
    const now = this.deps.clock().getTime();
    let docs = this.#docs.get(key);
    if (!docs || now >= docs.validUntil) {
      docs = this.#render(language, code);
      this.#docs.set(key, docs);
      docs.outputs.catch(() => this.#docs.get(key) === docs && this.#docs.delete(key));
      this.#trim();
    } else {
      this.#docs.delete(key);
      this.#docs.set(key, docs);
    }
    return (await docs.outputs).get(file);
  }

  #render(language: string, code: string): TopicDocs {
    const stories = new Set<string>();
    const docs: TopicDocs = { outputs: Promise.resolve(new Map()), validUntil: Number.POSITIVE_INFINITY, stories };
    docs.outputs = (async () => {
      const { store, ctx, clock } = this.deps;
      const now = clock();
      const [versions, removed, next] = await Promise.all([store.listTopic({ language, code: `medtop:${code}`, now, limit: FEED_SIZE }), store.lastRemoval(language), store.nextEmbargo(language, now)]);
      for (const v of versions) stories.add(v.articleId);
      if (next !== undefined) docs.validUntil = next;
      const outputs = new Map<string, Rendered>();
      if (versions.length === 0) return outputs;
      await this.deps.media?.prefetch(versions.filter((v) => !this.deps.items.has(v)));
      const items = versions.map((v) => this.deps.items.get(v));
      const shown = items.map((i) => Math.max(Date.parse(i.updated), i.embargoedUntil ? Date.parse(i.embargoedUntil) : 0));
      const updated = new Date(Math.max(0, removed ?? 0, ...shown));
      const t = ctx.translator.t(language);
      const label = topicLabel(`medtop:${code}`, language, ctx.translator) ?? `medtop:${code}`;
      const feed = localizeFeed(
        {
          language,
          stories: versions,
          updated: updated.toISOString(),
          title: t('feed.topicTitle', { title: t('feed.title'), topic: label }),
          self: this.urls(language, code),
          feedId: `topics/${code}`,
        },
        ctx,
        (s) => items[versions.indexOf(s)]!,
      );
      const lang = ctx.languages.get(language);
      for (const format of FEED_FORMATS) {
        const key = `${language} ${code} ${format.file}`;
        let parts = this.#parts.get(key);
        if (!parts) this.#parts.set(key, (parts = new Map()));
        outputs.set(format.file, makeRendered(format.renderBytes(feed, parts), `${format.mediaType}; charset=utf-8`, lang.tag, updated));
      }
      return outputs;
    })();
    return docs;
  }

  #trim(): void {
    while (this.#docs.size > MAX_TOPICS) {
      const oldest = this.#docs.keys().next().value!;
      this.#docs.delete(oldest);
      for (const key of [...this.#parts.keys()]) if (key.startsWith(`${oldest} `)) this.#parts.delete(key);
    }
    this.deps.items.forget();
  }

  /**
   * A changed story drops the topic feeds that showed it and those of every topic it names now
   * (the store is asked, once per change); hubs are told of each such feed.
   */
  #onChanges(changes: readonly Change[]): void {
    const touched = new Map<string, Set<string>>();
    for (const c of changes) {
      const codes = touched.get(c.language) ?? new Set<string>();
      touched.set(c.language, codes);
      for (const [key, docs] of [...this.#docs]) {
        if (key.startsWith(`${c.language} `) && docs.stories.has(c.articleId)) {
          this.#docs.delete(key);
          codes.add(key.slice(c.language.length + 1));
        }
      }
    }
    const previous = this.#pending;
    this.#pending = (async () => {
      await previous;
      for (const c of changes) {
        const now = await this.deps.store.getStoryVersion(c.articleId, c.language).catch(() => undefined);
        for (const s of now?.article.pubStatus === 'usable' ? now.article.subjects : []) {
          const code = s.code.slice('medtop:'.length);
          this.#docs.delete(`${c.language} ${code}`);
          touched.get(c.language)!.add(code);
        }
      }
      const urls = [...touched].flatMap(([language, codes]) => [...codes].flatMap((code) => Object.values(this.urls(language, code))));
      if (urls.length > 0) this.deps.onChanged?.(urls);
    })().catch(() => this.#docs.clear());
  }
}

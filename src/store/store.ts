import type { Article, PubStatus } from '../article/types.js';
import type { MediaInfo } from '../media/catalog.js';
import type { ChangeListener } from './notifier.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** Who writes a version: recorded with it, shown in the editors' history (`versions`). */
export interface WriteOptions {
  /** An editor's token name, `cli`, or the CLI's `--editor NAME`; absent: nobody named (recorded as null). */
  editor?: string;
}

/** The editors' list filter (see `checkArticleListQuery`, src/desk/articles.ts). */
export interface ListArticlesOptions {
  /** Only stories whose latest version has this language. */
  language?: string;
  status?: PubStatus;
  /** Only stories last changed at or after this instant (ms). */
  since?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
  limit: number;
}

/** One story in the editors' list. */
export interface ArticleSummary {
  id: string;
  version: number;
  pubStatus: PubStatus;
  /** RFC 3339: when its latest version was written. */
  updated: string;
  /** Each language of the latest version: its headline, its own version and status. */
  languages: Record<string, { headline: string; itemVersion: number; pubStatus: PubStatus }>;
}

export interface ArticlePage {
  items: ArticleSummary[];
  /** Absent on the last page. */
  next?: string;
}

/** One version in the editors' history. */
export interface VersionSummary {
  version: number;
  versionCreated: string;
  pubStatus: PubStatus;
  signal: 'update' | 'correction' | null;
  /** Who wrote it; null before editors were recorded (schema 4) or when nobody was named. */
  editor: string | null;
  /** The language tags that version has. */
  languages: string[];
}

/** A picture to keep: its bytes and what `sniffImage` read from them. */
export interface MediaInput {
  sha256: string;
  type: MediaInfo['type'];
  width: number;
  height: number;
  body: Buffer;
}

/** A clock the store reads for `firstCreated`/`versionCreated` and embargo checks. */
export type Clock = () => Date;

export interface ListLatestOptions {
  language: string;
  limit: number;
  /** Embargoes are judged against this instant. */
  now: Date;
  /** Partners see embargoed stories (with the embargo); the public never does. */
  includeEmbargoed?: boolean;
}

export interface ListPublishedOptions {
  language: string;
  /** Embargoes are judged against this instant. */
  now: Date;
  /** The `next` cursor of the previous page; absent for the first page. */
  after?: string;
  limit: number;
}

export interface ListTopicOptions {
  language: string;
  /** A Media Topic QCode, e.g. `medtop:16000000`. */
  code: string;
  /** Embargoes are judged against this instant. */
  now: Date;
  limit: number;
}

export interface ListKilledOptions {
  language: string;
  /** Kills at or after this instant (ms). */
  after: number;
  /** Kills before this instant (ms). */
  before: number;
  limit: number;
}

/** One page of `listPublished`: `next` is absent on the last page. */
export interface PublishedPage {
  stories: StoryVersion[];
  next?: string;
}

/** One language version of a story as stored: the article and that language's own version. */
export interface StoryVersion {
  /** The story's document (stores may read it only when it is first used). */
  readonly article: Article;
  articleId: string;
  language: string;
  /** That language version's own version number (NewsML-G2 `@version`). */
  itemVersion: number;
  /** RFC 3339: when that language version last changed. */
  changedAt: string;
}

/**
 * One change to one language version of a story, as partners see it. A language version's
 * `itemVersion` moves only when something that language's outputs show has changed.
 */
export interface Change {
  /** Position in the store-wide change log; strictly increasing. */
  seq: number;
  articleId: string;
  language: string;
  itemVersion: number;
  articleVersion: number;
  pubStatus: PubStatus;
  /**
   * `embargo-lifted`: the embargo of that version lifted (at `at`); logged once, after the change
   * that wrote the version, for readers that do not see embargoed items.
   */
  kind: 'new' | 'update' | 'correction' | 'withhold' | 'kill' | 'embargo-lifted';
  /** RFC 3339, milliseconds. */
  at: string;
}

/** Which entries of the change log a reader sees: a partner's own view of it. */
export interface ChangeFilter {
  /** Only changes to these languages (every language when absent). */
  languages?: readonly string[];
  /**
   * `true`: a reader that sees embargoed items: every change but the lifts (it had the version
   * under embargo already). `false`: one that does not: no usable version logged while it was
   * under embargo, and each embargo's lift instead, logged after every change before it. Removals
   * (kills, withholds) are seen either way. Absent: every entry.
   */
  embargoed?: boolean;
  /** Only entries at or before this position. */
  upTo?: number;
}

/** What one language version currently is. */
export interface LanguageState {
  language: string;
  itemVersion: number;
  pubStatus: PubStatus;
  /** Article version that last changed this language version. */
  articleVersion: number;
  /** RFC 3339 of the last change to this language version. */
  changedAt: string;
}

export interface ArticleStore {
  /** Validates and stores version 1; the store sets version, firstCreated, versionCreated. */
  create(input: unknown, options?: WriteOptions): Promise<Article>;
  /** Replaces the story; `expectedVersion` is the version the writer edited. */
  update(id: string, input: unknown, expectedVersion: number, options?: WriteOptions): Promise<Article>;
  /** Kills the story (pubStatus `canceled`) as a new version. */
  kill(id: string, expectedVersion?: number, note?: string, options?: WriteOptions): Promise<Article>;
  /** The editors' list: stories newest first by their last change, a keyset page at a time. */
  listArticles(options: ListArticlesOptions): Promise<ArticlePage>;
  /** Every version of a story, oldest first, as the editors' history shows it ([] when there is no such story). */
  versions(id: string): Promise<VersionSummary[]>;
  /** Keeps an uploaded picture (once per SHA-256: the same bytes again change nothing) and returns it as stored. */
  putMedia(media: MediaInput): Promise<MediaInfo>;
  /** An uploaded picture by its SHA-256, with its bytes when `withBytes`. */
  getMedia(sha256: string, withBytes?: boolean): Promise<(MediaInfo & { body?: Buffer }) | undefined>;
  /** The latest version, or the given one. */
  get(id: string, version?: number): Promise<Article | undefined>;
  /** Every stored version, oldest first. */
  history(id: string): Promise<Article[]>;
  /** Usable, non-embargoed stories that have `language`, newest first (by publication time). */
  listLatest(options: ListLatestOptions): Promise<StoryVersion[]>;
  /**
   * Every usable, non-embargoed version in `language`, in feed order (newest first), a page at a
   * time: pass the page's `next` as `after` for the following one (keyset paging, so a page costs
   * the same however deep it is).
   */
  listPublished(options: ListPublishedOptions): Promise<PublishedPage>;
  /** One language version: the latest, or its item version `itemVersion`. */
  getStoryVersion(id: string, language: string, itemVersion?: number): Promise<StoryVersion | undefined>;
  /** The next embargo to lift after `now` among usable versions in `language` (ms), if any. */
  nextEmbargo(language: string, now: Date): Promise<number | undefined>;
  /**
   * Language versions in `language` that are killed now (killed stories and dropped languages), by
   * the time of their kill in [`after`, `before`) (ms), newest first: the feeds' tombstones. The
   * version read is the killed one.
   */
  listKilled(options: ListKilledOptions): Promise<StoryVersion[]>;
  /**
   * The newest usable, non-embargoed versions in `language` whose story names the Media Topic
   * `code` (`medtop:16000000`; no roll-up to broader topics), in feed order: topic feeds.
   */
  listTopic(options: ListTopicOptions): Promise<StoryVersion[]>;
  /** When a version in `language` was last killed, withheld or dropped (ms), if ever. */
  lastRemoval(language: string): Promise<number | undefined>;
  /** The state of each language version a story has had. */
  languageStates(id: string): Promise<LanguageState[]>;
  /** Changes after `afterSeq`, oldest first; with a filter, only those its reader sees. */
  changes(afterSeq: number, limit: number, filter?: ChangeFilter): Promise<Change[]>;
  /**
   * Logs the lift of every embargo due at or before `now` that is not logged yet, and returns those
   * entries. Once across every process on the store: recorded under the change log's write turn,
   * and a unique index refuses a second entry for one version. A store that is watched calls it
   * itself, on a timer, at each next embargo instant, and announces the entries through `watch`.
   */
  recordEmbargoLifts(now: Date): Promise<Change[]>;
  /**
   * Partner quotas across processes: stores this process's (`replica`) request count per partner
   * in the window that starts at `windowMs`, and returns every other process's count, per partner,
   * in that window. Older windows are dropped.
   */
  syncRequestCounts(replica: string, windowMs: number, counts: ReadonlyMap<string, number>): Promise<Map<string, number>>;
  /** The newest change-log position (0 for an empty log). */
  headSeq(): Promise<number>;
  /** The newest change to any language version of `language` (for feed freshness), or undefined. */
  lastChange(language: string): Promise<Change | undefined>;
  /**
   * Calls `listener` with every change committed from now on, in change-log order: this process's
   * right after their commit, other processes' through a bounded fallback check. Returns the way to stop.
   */
  watch(listener: ChangeListener): () => void;
  /** Webhook deliveries: a cursor per partner over the change log, leased one attempt at a time (`webhook-outbox.ts`). */
  readonly webhooks: WebhookOutbox;
  close(): Promise<void>;
}

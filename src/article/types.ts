/**
 * The canonical article: one story, several language versions. Every output format is rendered
 * from this shape. `schema.ts` holds the JSON Schema that is type-checked against these types
 * (ajv's `JSONSchemaType`), so the two cannot drift.
 */

/** NewsML-G2 publishing status (IPTC `stat:` scheme, note the single "l" in canceled). */
export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** A text keyed by language tag, e.g. `{ "en": "Erbil", "ckb": "هەولێر" }`. */
export type LocalizedText = Record<string, string>;

export type BlockType = 'paragraph' | 'quote' | 'heading';

/** One block of body text. Plain text only, so every format can render it safely. */
export interface Block {
  type: BlockType;
  text: string;
  /** For quotes: who is quoted. */
  cite?: string;
}

export interface Provider {
  /** Display name, e.g. "Kurdistan 24". */
  name: string;
  /** Home page or identifier URI of the provider. */
  uri: string;
}

export interface Located {
  /** Place name per language. */
  name: LocalizedText;
  /** ISO 3166-1 alpha-2 country code. */
  countryCode: string;
  /** GeoNames id of the place, when known. */
  geonamesId?: number;
}

export interface Subject {
  /** IPTC Media Topic QCode, e.g. `medtop:16000000`. Labels come from locale files. */
  code: string;
}

export type ContributorRole = 'author' | 'editor' | 'photographer' | 'translator';

export interface Contributor {
  name: string;
  role: ContributorRole;
}

export interface Image {
  url: string;
  /** IANA media type, e.g. `image/jpeg`. */
  mediaType: string;
  width: number;
  height: number;
  /** Who to credit, e.g. "NATO". */
  credit: string;
  caption: LocalizedText;
  alt: LocalizedText;
}

export interface Translation {
  /** The language this version was translated from. */
  from: string;
  /** The version of the article the translation was made from. */
  fromVersion: number;
  /** Who translated it. */
  by: string;
}

export interface Localization {
  headline: string;
  summary: string;
  /** The dateline as printed in this language, e.g. "ERBIL (Kurdistan 24)". */
  dateline: string;
  /** URL-safe, human-readable slug in this language's script. */
  slug: string;
  body: Block[];
  /** Absent on the source-language version. */
  translation?: Translation;
  /**
   * The readers' correction note, in this language, written by the editor (plain text). While set,
   * it heads the story on its page and in RSS, Atom and JSON Feed, dated and labelled. `edNote`
   * stays the partners' note and never reaches readers.
   */
  correction?: string;
  /**
   * Owned by the store (RFC 3339, milliseconds): the `versionCreated` of the version that set the
   * current `correction` text. Ignored on input; absent without a correction.
   */
  correctedAt?: string;
}

/** The kind of change a new version carries (NewsML-G2 `sig:` signals). */
export type ChangeSignal = 'update' | 'correction';

export interface Article {
  /** Stable, URL-safe, never reused. */
  id: string;
  /** Owned by the store: 1 on create, +1 on every accepted change. */
  version: number;
  pubStatus: PubStatus;
  /** RFC 3339: nothing is public before this instant. */
  embargoedUntil?: string;
  /** Owned by the store (RFC 3339, milliseconds): when version 1 was stored. */
  firstCreated: string;
  /** Owned by the store (RFC 3339, milliseconds, strictly increasing across the store). */
  versionCreated: string;
  /** When the newsroom published the story (RFC 3339); defaults to `firstCreated`. */
  published?: string;
  sourceLanguage: string;
  provider: Provider;
  located: Located;
  subjects: Subject[];
  contributors: Contributor[];
  images: Image[];
  /** What this version changes; absent on version 1. */
  signal?: ChangeSignal;
  /** Editorial note for partners, e.g. what a correction corrected. */
  edNote?: string;
  localizations: Record<string, Localization>;
}

/** What a writer sends: the store-owned fields may be present (and are then ignored). */
export type ArticleInput = Omit<Article, 'version' | 'firstCreated' | 'versionCreated'> &
  Partial<Pick<Article, 'version' | 'firstCreated' | 'versionCreated'>>;

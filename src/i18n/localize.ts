import type { Article, Block, ChangeSignal, Contributor, PubStatus } from '../article/types.js';
import type { StoryVersion } from '../store/store.js';
import type { Language, LanguageRegistry } from './languages.js';
import { topicLabel } from '../topics/labels.js';
import { formatDate, formatYear } from './dates.js';
import type { Translator } from './i18n.js';
import { absoluteUrl, feedUrls, siteUrls, type FeedUrls } from './urls.js';

/** IPTC's scheme URI for Media Topic codes (used as RSS category domain and Atom category scheme). */
export const MEDIATOPIC_SCHEME = 'http://cv.iptc.org/newscodes/mediatopic/';


export interface LocalizeContext {
  languages: LanguageRegistry;
  translator: Translator;
  baseUrl: string;
  /** WebSub hubs every subscription feed names (ROJNAME_WEBSUB_HUBS); none by default. */
  hubs?: readonly string[];
  /** The size in bytes of a picture a story names (its `url` as written), when known: RSS enclosures need it. */
  mediaLength?: (url: string) => number | undefined;
}

export interface LocalizedImage {
  url: string;
  mediaType: string;
  width: number;
  height: number;
  credit: string;
  /** "Photo: NATO" in the item's language. */
  creditLine: string;
  caption?: string;
  alt: string;
  /** Size of the file in bytes, when known (RSS `enclosure` needs the true length). */
  length?: number;
}

export interface LocalizedSubject {
  /** `medtop:16000000` */
  qcode: string;
  /** `16000000` */
  code: string;
  label: string;
  /** The concept's URI. */
  uri: string;
}

/**
 * Another language version of the same story. It carries no text of that version: every output of
 * a language shows only that language's words, so editing one version never changes the others.
 */
export interface Alternate {
  language: Language;
  url: string;
  newsmlGuid: string;
}

/**
 * Whom every output names as the story's author: RSS `dc:creator`, Atom `author`, JSON Feed
 * `authors` and NewsML-G2 `creator` (see `chooseCreators`).
 */
export interface Creator {
  name: string;
  /** `author`: a byline; `provider`: the provider standing in for a missing byline. */
  role: 'author' | 'provider';
  /** The provider's URI (Atom `uri`, JSON Feed `url`, NewsML-G2 `@uri`); bylines have none. */
  uri?: string;
}

/**
 * The one author rule of every format: the byline (contributors with the `author` role, in their
 * order); without one, the provider, since wire copy without a byline is the agency's own work.
 * Editors, translators and photographers are contributors, never creators.
 */
export function chooseCreators(article: Pick<Article, 'contributors' | 'provider'>): Creator[] {
  const byline = article.contributors.filter((c) => c.role === 'author');
  if (byline.length > 0) return byline.map((c) => ({ name: c.name, role: 'author' }));
  return [{ name: article.provider.name, role: 'provider', uri: article.provider.uri }];
}

/** One language version with every string final and every URL absolute: what renderers read. */
export interface LocalizedItem {
  /** Names this language version at this item version: equal keys, equal outputs (per context). */
  key: string;
  articleId: string;
  language: Language;
  sourceLanguage: Language;
  itemVersion: number;
  articleVersion: number;
  pubStatus: PubStatus;
  embargoedUntil?: string;
  signal?: ChangeSignal;
  edNote?: string;
  /** Atom `id` and JSON Feed `id`: a tag URI that never changes (RFC 4287 §4.2.6). */
  tagUri: string;
  /** NewsML-G2 guid of this language version. */
  newsmlGuid: string;
  /** The HTML page: the permalink. */
  url: string;
  newsmlUrl: string;
  headline: string;
  summary: string;
  dateline: string;
  slug: string;
  /** The source-language version's slug: one slugline for every language version (NewsML-G2 notes §6). */
  sourceSlug: string;
  body: Block[];
  /** RFC 3339 with milliseconds, UTC. */
  published: string;
  updated: string;
  firstCreated: string;
  contributors: Contributor[];
  /** The byline: names of the contributors with the `author` role (may be empty). */
  authors: string[];
  /** Whom every output names as author: the byline, else the provider (`chooseCreators`). */
  creators: Creator[];
  /** Credit lines in this language: "By …", "Editing by …", "Translated from … by …". */
  creditLines: string[];
  subjects: LocalizedSubject[];
  located: { name?: string; countryCode: string; geonamesId?: number };
  provider: { name: string; uri: string };
  image?: LocalizedImage;
  /** The other language versions of the same story. */
  alternates: Alternate[];
  translation?: { from: Language; fromVersion: number; by: string; sourceGuid: string };
  /** The readers' correction note of this language version, while it has one. */
  correction?: LocalizedCorrection;
  rights: string;
}

/** A correction note as readers see it: labelled and dated in the item's language. */
export interface LocalizedCorrection {
  /** `labels.correction` in the item's language. */
  label: string;
  text: string;
  /** RFC 3339 (UTC, milliseconds): when the current note was set. */
  at: string;
  /** `at` as readers of the language write a date. */
  date: string;
}

export interface LocalizedFeed {
  language: Language;
  title: string;
  description: string;
  rights: string;
  urls: FeedUrls;
  /** Atom feed id (tag URI). */
  tagUri: string;
  logo: { url: string; title: string; width: number; height: number };
  /** RFC 3339: when this language's feed last changed. Passed in, never read from a clock. */
  updated: string;
  ttlMinutes: number;
  items: LocalizedItem[];
  /** Stories killed lately, for the feeds that say so (Atom tombstones, RFC 6721), newest first. */
  tombstones: LocalizedTombstone[];
  /** WebSub hubs to link as `rel="hub"` (the feed's own URL is its `rel="self"`). */
  hubs: readonly string[];
  /** RFC 5005 archived feeds: where this document sits among the monthly archives. */
  history?: FeedHistory;
}

/** The Atom and JSON Feed documents of one place in the archive chain. */
export interface FeedDocs {
  atom: string;
  json: string;
}

/**
 * RFC 5005 §4: the subscription feed names the newest archive (`prev`); an archive (`archive`)
 * names the subscription feed (`current`), the next older archive (`prev`) and the next newer (`next`).
 */
export interface FeedHistory {
  archive: boolean;
  current?: FeedDocs;
  prev?: FeedDocs;
  next?: FeedDocs;
}

/** A killed language version as a feed announces it (RFC 6721 `at:deleted-entry`). */
export interface LocalizedTombstone {
  /** The killed entry's id: its `tagUri`, which never changed. */
  ref: string;
  /** RFC 3339: when it was killed. */
  when: string;
  /** Its page, which now answers 410. */
  url: string;
  /** Why it left the feed, in the feed's language. */
  comment: string;
}

/** The host part of the base URL, the authority of our tag URIs (RFC 4151). */
function tagAuthority(baseUrl: string): string {
  return new URL(baseUrl).hostname;
}

/** What names a language version at one item version (`LocalizedItem.key`). */
export function storyKey(version: Pick<StoryVersion, 'articleId' | 'language' | 'itemVersion'>): string {
  return `${version.articleId}/${version.language}@${version.itemVersion}`;
}

/** Makes the localized view of one language version of a story. */
export function localizeItem(version: StoryVersion, ctx: LocalizeContext): LocalizedItem {
  const { article, language: tag } = version;
  const language = ctx.languages.get(tag);
  const loc = article.localizations[tag];
  if (!loc) throw new Error(`story "${article.id}" has no "${tag}" version`);
  const t = ctx.translator.t(tag);
  const urls = siteUrls(ctx.baseUrl, tag);
  const guidOf = (lang: string) => newsmlGuid(ctx.baseUrl, article, lang);
  const names = (role: Contributor['role']) => article.contributors.filter((c) => c.role === role).map((c) => c.name);

  const creditLines = [
    ...names('author').map((name) => t('labels.writtenBy', { name })),
    ...names('editor').map((name) => t('labels.editingBy', { name })),
  ];
  if (loc.translation) {
    creditLines.push(t('labels.translatedBy', { language: t(`languageNames.${loc.translation.from}` as 'languageNames.en'), name: loc.translation.by }));
  }
  const image = article.images[0];
  const published = iso(article.published ?? article.firstCreated);
  return {
    key: storyKey(version),
    articleId: article.id,
    language,
    sourceLanguage: ctx.languages.get(article.sourceLanguage),
    itemVersion: version.itemVersion,
    articleVersion: article.version,
    pubStatus: article.pubStatus,
    ...(article.embargoedUntil ? { embargoedUntil: iso(article.embargoedUntil) } : {}),
    ...(article.signal ? { signal: article.signal } : {}),
    ...(article.edNote ? { edNote: article.edNote } : {}),
    tagUri: itemTagUri(ctx.baseUrl, article, tag),
    newsmlGuid: guidOf(tag),
    url: urls.article(article.id),
    newsmlUrl: urls.newsmlItem(article.id),
    headline: loc.headline,
    summary: loc.summary,
    dateline: loc.dateline,
    slug: loc.slug,
    sourceSlug: article.localizations[article.sourceLanguage]?.slug ?? loc.slug,
    body: loc.body,
    published,
    updated: iso(version.changedAt),
    firstCreated: iso(article.firstCreated),
    contributors: article.contributors,
    authors: names('author'),
    creators: chooseCreators(article),
    creditLines,
    subjects: article.subjects.map(({ code }) => {
      const bare = code.slice('medtop:'.length);
      // Ours, else IPTC's English or Arabic label; a code without either is named by `locales check`.
      return { qcode: code, code: bare, label: topicLabel(code, tag, ctx.translator) ?? code, uri: `${MEDIATOPIC_SCHEME}${bare}` };
    }),
    located: {
      ...(article.located.name[tag] ? { name: article.located.name[tag] } : {}),
      countryCode: article.located.countryCode,
      ...(article.located.geonamesId ? { geonamesId: article.located.geonamesId } : {}),
    },
    provider: article.provider,
    ...(image
      ? {
          image: {
            url: absoluteUrl(ctx.baseUrl, image.url),
            mediaType: image.mediaType,
            width: image.width,
            height: image.height,
            credit: image.credit,
            creditLine: t('labels.photoCredit', { credit: image.credit }),
            ...(image.caption[tag] ? { caption: image.caption[tag] } : {}),
            alt: image.alt[tag] ?? image.caption[tag] ?? loc.headline,
            ...lengthOf(ctx, image.url),
          },
        }
      : {}),
    alternates: ctx.languages.tags
      .filter((other) => other !== tag && article.localizations[other])
      .map((other) => ({
        language: ctx.languages.get(other),
        url: siteUrls(ctx.baseUrl, other).article(article.id),
        newsmlGuid: guidOf(other),
      })),
    ...(loc.translation
      ? {
          translation: {
            from: ctx.languages.get(loc.translation.from),
            fromVersion: loc.translation.fromVersion,
            by: loc.translation.by,
            sourceGuid: guidOf(loc.translation.from),
          },
        }
      : {}),
    ...(loc.correction !== undefined
      ? {
          correction: {
            label: t('labels.correction'),
            text: loc.correction,
            at: iso(loc.correctedAt ?? version.changedAt),
            date: formatDate(loc.correctedAt ?? version.changedAt, language),
          },
        }
      : {}),
    rights: t('feed.rights', { year: formatYear(published, language), provider: article.provider.name }),
  };
}

/** The Atom and JSON Feed id of one language version: a tag URI that never changes (RFC 4151). */
export function itemTagUri(baseUrl: string, article: Pick<Article, 'id' | 'firstCreated'>, language: string): string {
  return `tag:${tagAuthority(baseUrl)},${article.firstCreated.slice(0, 10)}:${article.id}/${language}`;
}

/** The tombstone of a killed language version (`killed`: the version the kill made). */
export function localizeTombstone(killed: StoryVersion, ctx: LocalizeContext): LocalizedTombstone {
  const t = ctx.translator.t(killed.language);
  return {
    ref: itemTagUri(ctx.baseUrl, killed.article, killed.language),
    when: iso(killed.changedAt),
    url: siteUrls(ctx.baseUrl, killed.language).article(killed.articleId),
    comment: t('errors.gone.text'),
  };
}

export interface FeedInput {
  language: string;
  stories: StoryVersion[];
  /** Killed language versions to announce (newest first); none by default. */
  killed?: StoryVersion[];
  /** Where the document sits among the monthly archives (RFC 5005). */
  history?: FeedHistory;
  /** Another title (an archive's); the language's feed title by default. */
  title?: string;
  /** Other URLs for the document itself (an archive's, a topic feed's); the language feeds' by default. */
  self?: FeedDocs & { rss?: string };
  /** The Atom id's path below `feed/{lang}/` for a feed of its own (a topic feed's `topics/16000000`). */
  feedId?: string;
  /** When this language's feed last changed (RFC 3339). */
  updated: string;
}

/** Makes the localized view of one language's feed. */
export function localizeFeed(input: FeedInput, ctx: LocalizeContext, localize: (version: StoryVersion) => LocalizedItem = (v) => localizeItem(v, ctx)): LocalizedFeed {
  const language = ctx.languages.get(input.language);
  const t = ctx.translator.t(input.language);
  const subscription = feedUrls(ctx.baseUrl, input.language);
  const urls = input.self ? { ...subscription, ...input.self } : subscription;
  const updated = iso(input.updated);
  return {
    language,
    title: input.title ?? t('feed.title'),
    description: t('feed.description'),
    rights: t('feed.rights', { year: formatYear(updated, language), provider: t('site.name') }),
    urls,
    tagUri: `tag:${tagAuthority(ctx.baseUrl)},2021:feed/${input.language}${input.feedId ? `/${input.feedId}` : ''}`,
    logo: { url: urls.logo, title: t('feed.imageTitle'), width: 144, height: 144 },
    updated,
    ttlMinutes: 15,
    items: input.stories.map(localize),
    tombstones: (input.killed ?? []).map((k) => localizeTombstone(k, ctx)),
    // Archives are not subscription feeds: WebSub hubs are named by subscription feeds only.
    hubs: input.history?.archive ? [] : (ctx.hubs ?? []),
    ...(input.history ? { history: input.history } : {}),
  };
}

/** NewsML-G2 guid of one language version: `urn:newsml:<host>:<yyyymmdd>:<id>:<lang>`. */
export function newsmlGuid(baseUrl: string, article: Article, language: string): string {
  return `urn:newsml:${tagAuthority(baseUrl)}:${article.firstCreated.slice(0, 10).replace(/-/g, '')}:${article.id}:${language}`;
}

function lengthOf(ctx: LocalizeContext, url: string): { length?: number } {
  const length = ctx.mediaLength?.(url);
  return length === undefined ? {} : { length };
}

/** RFC 3339 in UTC with milliseconds, whatever offset the input had. */
function iso(value: string): string {
  return new Date(value).toISOString();
}

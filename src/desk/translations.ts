import type { Article } from '../article/types.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { ArticleStore } from '../store/store.js';

/**
 * Translation status, for the desk only: computed from the store when asked, never stored, so it
 * changes no public output (an English edit leaves the other languages' feeds byte for byte as they
 * were, and only their status here moves to stale).
 */

export const TRANSLATION_STATUSES = ['missing', 'stale', 'current'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

/** One story × language that is not the story's source language. */
export interface TranslationItem {
  id: string;
  language: string;
  /**
   * `missing`: the story has no version in this language. `stale`: the text of the language it was
   * translated from (`translation.from`) changed in an article version after `translation.fromVersion`.
   * `current`: neither (also a version written in its own language, with no `translation`).
   */
  status: TranslationStatus;
  /** `translation.fromVersion`: the article version it was translated from; null when missing or not a translation. */
  fromVersion: number | null;
  /**
   * Stale only: the first article version after `fromVersion` in which the source text changed
   * (the translation has been stale since then); null otherwise.
   */
  sourceChangedIn: number | null;
}

/**
 * How many stories one report looks at: the newest, by publication time. Each costs one read of its
 * latest version and of its language states, and a read of its history only when its source language
 * moved after a translation's `fromVersion`.
 */
export const TRANSLATION_STORY_LIMIT = 200;

/**
 * Every translation of the newest stories (`limit`, newest first, then in registry order), with its
 * status; only those with `status` when given. Stories are those usable in some language, embargoed
 * ones included (the store's `listLatest`); withheld and killed stories are left out.
 */
export async function listTranslations(
  store: ArticleStore,
  languages: LanguageRegistry,
  options: { status?: TranslationStatus | undefined; limit?: number; now?: Date } = {},
): Promise<TranslationItem[]> {
  const limit = options.limit ?? TRANSLATION_STORY_LIMIT;
  const stories = await listNewestStories(store, languages, limit, options.now ?? new Date());
  const items: TranslationItem[] = [];
  for (const article of stories) {
    items.push(...(await translationStatus(store, languages, article)));
  }
  return options.status ? items.filter((item) => item.status === options.status) : items;
}

/** The status of each registry language of one story (its latest version) but its source language. */
export async function translationStatus(store: ArticleStore, languages: LanguageRegistry, article: Article): Promise<TranslationItem[]> {
  const states = new Map((await store.languageStates(article.id)).map((s) => [s.language, s]));
  let history: Article[] | undefined;
  const items: TranslationItem[] = [];
  for (const language of languages.tags) {
    if (language === article.sourceLanguage) continue;
    const item = (status: TranslationStatus, fromVersion: number | null, sourceChangedIn: number | null = null): TranslationItem => ({ id: article.id, language, status, fromVersion, sourceChangedIn });
    const translation = article.localizations[language]?.translation;
    if (!article.localizations[language]) {
      items.push(item('missing', null));
    } else if (!translation) {
      items.push(item('current', null));
    } else if ((states.get(translation.from)?.articleVersion ?? 0) <= translation.fromVersion) {
      // The source language version has not changed at all since: its text cannot have.
      items.push(item('current', translation.fromVersion));
    } else {
      // It changed, perhaps only in what every language shows (a new translation's link, a subject):
      // only a change of its text makes a translation stale.
      history ??= await store.history(article.id);
      const changedIn = firstTextChangeAfter(history, translation.from, translation.fromVersion);
      items.push(changedIn === undefined ? item('current', translation.fromVersion) : item('stale', translation.fromVersion, changedIn));
    }
  }
  return items;
}

/**
 * What a translator translates from one language version: its text, its place name, and the
 * captions and alt texts of its images. Its slug (an address), translation credit and the store's
 * `correctedAt` are left out: they change nothing another language must say.
 */
export function sourceTextOf(article: Article, language: string): string {
  const loc = article.localizations[language];
  return JSON.stringify({
    text: loc ? { headline: loc.headline, summary: loc.summary, dateline: loc.dateline, body: loc.body, correction: loc.correction ?? null } : null,
    place: article.located.name[language] ?? null,
    images: article.images.map((image) => [image.caption[language] ?? null, image.alt[language] ?? null]),
  });
}

/** The first version after `afterVersion` whose source text differs from the version before it, if any. */
export function firstTextChangeAfter(history: readonly Article[], language: string, afterVersion: number): number | undefined {
  for (let i = 1; i < history.length; i++) {
    const version = history[i]!;
    if (version.version <= afterVersion) continue;
    if (sourceTextOf(version, language) !== sourceTextOf(history[i - 1]!, language)) return version.version;
  }
  return undefined;
}

/**
 * The newest `limit` stories' latest versions, newest first (by publication time, then id). A story
 * in the newest `limit` overall is among the newest `limit` of each language it is usable in, so
 * `limit` per language is enough.
 */
async function listNewestStories(store: ArticleStore, languages: LanguageRegistry, limit: number, now: Date): Promise<Article[]> {
  const ids = new Set<string>();
  for (const language of languages.tags) {
    for (const story of await store.listLatest({ language, limit, now, includeEmbargoed: true })) ids.add(story.articleId);
  }
  const latest: Article[] = [];
  for (const id of ids) {
    const article = await store.get(id);
    if (article) latest.push(article);
  }
  const sortKey = (a: Article) => Date.parse(a.published ?? a.firstCreated);
  return latest.sort((a, b) => sortKey(b) - sortKey(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}

/** The problems with a requested status filter (given 0 or 1 times, one of TRANSLATION_STATUSES), named by `input` (`?status`, `--status`). */
export function checkStatusFilter(values: readonly string[], input: string): { status?: TranslationStatus; problems: { pointer: string; message: string }[] } {
  const allowed = TRANSLATION_STATUSES.join(', ');
  if (values.length > 1) return { problems: [{ pointer: input, message: `${input} is given ${values.length} times: give it once, one of ${allowed}` }] };
  const [value] = values;
  if (value === undefined) return { problems: [] };
  if (!(TRANSLATION_STATUSES as readonly string[]).includes(value)) return { problems: [{ pointer: input, message: `${input} must be one of ${allowed}, not ${JSON.stringify(value)}` }] };
  return { status: value as TranslationStatus, problems: [] };
}

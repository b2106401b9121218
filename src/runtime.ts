import type { Article } from './article/types.js';
import { createArticleChecker } from './article/validate.js';
import { loadSampleArticle } from './article/sample.js';
import { defaultLanguages, type LanguageRegistry } from './i18n/languages.js';
import type { ArticleStore, Clock } from './store/store.js';
import { SqliteArticleStore } from './store/sqlite.js';
import type { Checker } from './validate/ajv.js';

/** What every entry point (service, CLI) shares: languages, the article check, the store. */
export interface Runtime {
  languages: LanguageRegistry;
  checkArticle: Checker<Article>;
  store: ArticleStore;
  clock: Clock;
}

export function openRuntime(dbPath: string, clock: Clock = () => new Date(), languages = defaultLanguages): Runtime {
  const checkArticle = createArticleChecker(languages);
  const store = new SqliteArticleStore({ path: dbPath, checkArticle, clock });
  return { languages, checkArticle, store, clock };
}

/** Stores the sample story in every language unless it is already there. */
export async function seedSample(store: ArticleStore): Promise<{ article: Article; created: boolean }> {
  const { article } = loadSampleArticle();
  const existing = await store.get(article.id);
  if (existing) return { article: existing, created: false };
  return { article: await store.create(article), created: true };
}

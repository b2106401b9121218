import { ConflictError } from './store/errors.js';
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

/** The embedded store at `dbPath` (migrated as it opens). */
export function openRuntime(dbPath: string, clock: Clock = () => new Date(), languages = defaultLanguages): Runtime {
  const checkArticle = createArticleChecker(languages);
  const store = new SqliteArticleStore({ path: dbPath, checkArticle, clock });
  return { languages, checkArticle, store, clock };
}

/** Which store the settings name: `databaseUrl` (ROJNAME_DATABASE_URL) wins over `dbPath` (ROJNAME_DB). */
export interface StoreSettings {
  dbPath: string;
  databaseUrl?: string | undefined;
}

/**
 * The store the settings name: PostgreSQL when `databaseUrl` is set (which must be migrated to
 * this rojname's schema: `rojname migrate`), else the embedded store as `openRuntime` opens it.
 * The pg client is loaded only when PostgreSQL is used.
 */
export async function openRuntimeAsync(settings: StoreSettings, clock: Clock = () => new Date(), languages = defaultLanguages): Promise<Runtime> {
  if (!settings.databaseUrl) return openRuntime(settings.dbPath, clock, languages);
  const checkArticle = createArticleChecker(languages);
  const { PostgresArticleStore } = await import('./store/postgres.js');
  const store = await PostgresArticleStore.open({ connectionString: settings.databaseUrl, checkArticle, clock });
  return { languages, checkArticle, store, clock };
}

/** Stores the sample story in every language unless it is already there. */
export async function seedSample(store: ArticleStore): Promise<{ article: Article; created: boolean }> {
  const { article } = loadSampleArticle();
  const existing = await store.get(article.id);
  if (existing) return { article: existing, created: false };
  try {
    return { article: await store.create(article), created: true };
  } catch (error) {
    // Another replica starting on the same empty database seeded it first.
    if (!(error instanceof ConflictError)) throw error;
    const seeded = await store.get(article.id);
    if (!seeded) throw error;
    return { article: seeded, created: false };
  }
}

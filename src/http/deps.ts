import type { Article } from '../article/types.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { Translator } from '../i18n/i18n.js';
import type { LocalizeContext } from '../i18n/localize.js';
import type { Publisher } from '../publish/publisher.js';
import type { ArticleStore, Clock } from '../store/store.js';
import type { Checker } from '../validate/ajv.js';
import type { Log } from './log.js';

/** What the app is built from: everything it touches comes in here, so tests build their own. */
export interface AppDeps {
  store: ArticleStore;
  languages: LanguageRegistry;
  translator: Translator;
  checkArticle: Checker<Article>;
  clock: Clock;
  /** Absolute base of every link in feeds and pages. */
  baseUrl: string;
  /** Without it the editors' API is off. */
  adminToken?: string;
  /** Partner name → key; empty: the partner API answers 401 to everyone. */
  partnerKeys: ReadonlyMap<string, string>;
  /** One record per request and per unexpected error (default: JSON lines on stdout). Secrets never reach it. */
  log?: Log;
  /** Largest request body accepted (bytes); default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

/** Largest request body the API accepts: 32 MiB (an 8-million-character body in Arabic script is 16 MB of UTF-8). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** What route modules share. */
export interface Services extends AppDeps {
  publisher: Publisher;
  localize: LocalizeContext;
  log: Log;
}

import type { Article } from '../article/types.js';
import type { CdnPurger, PurgeSettings, PurgeTiming } from '../cdn/purge.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { Translator } from '../i18n/i18n.js';
import type { LocalizeContext } from '../i18n/localize.js';
import type { ChangeWaits } from '../partners/long-poll.js';
import type { PartnerEntry } from '../partners/partner.js';
import type { Publisher } from '../publish/publisher.js';
import type { SitemapPublisher } from '../publish/sitemaps.js';
import type { WebSubNotifier } from '../publish/websub.js';
import type { ArticleStore, Clock } from '../store/store.js';
import type { Checker } from '../validate/ajv.js';
import type { DeliveryTiming, WebhookDeliverer } from '../webhooks/deliverer.js';
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
  /** The editor "admin"'s token (ROJNAME_ADMIN_TOKEN). Without it and `editorTokens`, the editors' API is off. */
  adminToken?: string;
  /** Named editors' tokens, name → token (ROJNAME_ADMIN_TOKENS); beside `adminToken`. Each write is logged and recorded under its name. */
  editorTokens?: ReadonlyMap<string, string>;
  /**
   * Partner name → key (ROJNAME_PARTNER_KEYS): every language, embargoed items visible, the
   * default quota. With `partners` empty too, the partner API answers 401 to everyone.
   */
  partnerKeys: ReadonlyMap<string, string>;
  /** Partners with their entitlements (ROJNAME_PARTNERS_FILE, see `loadPartners`); beside `partnerKeys`. */
  partners?: readonly PartnerEntry[];
  /** How often partner request counts are shared with other processes on the store (ms); default 1000. */
  quotaSyncIntervalMs?: number;
  /** Webhook delivery's timeouts, lease and retry schedule (tests shorten them); defaults in src/webhooks/deliverer.ts. */
  webhookTiming?: Partial<DeliveryTiming>;
  /** One record per request and per unexpected error (default: JSON lines on stdout). Secrets never reach it. */
  log?: Log;
  /** WebSub hubs the feeds name and notify on change (ROJNAME_WEBSUB_HUBS); none by default. */
  websubHubs?: readonly string[];
  /** How long a kill stays announced in the Atom feeds, in days (ROJNAME_TOMBSTONE_DAYS); default 30. */
  tombstoneDays?: number;
  /** Largest request body accepted (bytes); default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Where each change's surrogate keys are POSTed (ROJNAME_PURGE_URL, ROJNAME_PURGE_TOKEN); no purges when absent. */
  purge?: PurgeSettings;
  /** The purges' gathering and retry waits (tests shorten them); defaults in src/cdn/purge.ts. */
  purgeTiming?: Partial<PurgeTiming>;
}

/** Largest request body the API accepts: 32 MiB (an 8-million-character body in Arabic script is 16 MB of UTF-8). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** What route modules share. */
export interface Services extends AppDeps {
  publisher: Publisher;
  /** Present when WebSub hubs are set: stop it with the service. */
  websub?: WebSubNotifier;
  /** Present when a partner has a webhook: `start()` it with the service (`serve` does), `stop()` it before the store closes. */
  webhooks?: WebhookDeliverer;
  /** The change feed's long-polls: `close()` answers them when the service stops. */
  changeWaits: ChangeWaits;
  /** Present when `purge` is set: tells the CDN what each change made stale; `stop()` it with the service. */
  purger?: CdnPurger;
  /** robots.txt, the favicon, the sitemap index and its files, the news sitemap (`createApp` makes it). */
  sitemaps?: SitemapPublisher;
  localize: LocalizeContext;
  log: Log;
}

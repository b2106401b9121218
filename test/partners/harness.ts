import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createArticleChecker } from '../../src/article/validate.js';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { sha256Hex, type PartnerEntry } from '../../src/partners/partner.js';
import { seedSample } from '../../src/runtime.js';
import { PostgresArticleStore } from '../../src/store/postgres.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import type { ArticleStore, Clock } from '../../src/store/store.js';
import type { DeliveryTiming } from '../../src/webhooks/deliverer.js';
import type { Log } from '../../src/http/log.js';
import { guardServer, SERVER_LIMITS } from '../../src/http/server.js';
import { createTestDatabase, type TestDatabase } from '../store/postgres-db.js';

export const ADMIN = 'admin-secret-token';
export const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';
export const WEBHOOK = { url: 'https://hooks.ap.example/rojname', secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}` };

/** The partners every test server knows, by key. */
export const KEYS = { afp: 'afp-key-1', ap: 'ap-key-2', tiny: 'tiny-key-3', all: 'all-key-4', enar: 'enar-key-5' } as const;
export const PARTNERS: PartnerEntry[] = [
  // Every language, embargoed items visible (the defaults).
  { name: 'afp', keySha256: sha256Hex(KEYS.afp), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 600, webhook: null },
  // Two languages, no embargoed items, a webhook.
  { name: 'ap', keySha256: sha256Hex(KEYS.ap), languages: ['en', 'ar'], embargoed: false, requestsPerMinute: 1000, webhook: WEBHOOK },
  // Sorani only, five requests a minute.
  { name: 'tiny', keySha256: sha256Hex(KEYS.tiny), languages: ['ckb'], embargoed: true, requestsPerMinute: 5, webhook: null },
];

const translator = createTranslator(defaultLanguages);
const checkArticle = createArticleChecker(defaultLanguages);

/**
 * The service's clock: real time, moved to 1 s into a quota window when the backend opens, so a
 * test's requests (a few seconds) never straddle two windows; embargoes are set from it.
 */
export function testClock(): Clock {
  const offset = 1000 - (Date.now() % 60_000);
  return () => new Date(Date.now() + offset);
}

/** One store kind: each `open` is another process (replica) on the same data. */
export interface Backend {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A fresh, empty store for the next test (then `open` shares it). */
  reset(): Promise<void>;
  open(clock: Clock): Promise<ArticleStore>;
}

export const sqliteBackend = (): Backend => {
  let file = '';
  return {
    name: 'SQLite',
    async setup() {},
    async teardown() {},
    async reset() {
      file = join(mkdtempSync(join(tmpdir(), 'rojname-partners-')), 'r.db');
    },
    async open(clock) {
      return new SqliteArticleStore({ path: file, checkArticle, clock, watchIntervalMs: 50 });
    },
  };
};

export const postgresBackend = (): Backend => {
  let db: TestDatabase | undefined;
  const all: TestDatabase[] = [];
  return {
    name: 'PostgreSQL',
    async setup() {},
    async teardown() {
      await Promise.all(all.map((d) => d.drop()));
    },
    async reset() {
      db = await createTestDatabase({ migrate: true });
      all.push(db);
    },
    async open(clock) {
      return PostgresArticleStore.open({ connectionString: db!.url, checkArticle, clock, watchIntervalMs: 100, maxConnections: 4 });
    },
  };
};

export interface ServerOptions {
  seed?: boolean;
  quotaSyncIntervalMs?: number;
  /** The partners (default PARTNERS). */
  partners?: PartnerEntry[];
  /** Start webhook delivery, with these timings. */
  webhooks?: Partial<DeliveryTiming>;
  /** Guard the server as `serve` does (src/http/server.ts), with this idle timeout (ms). */
  idleTimeoutMs?: number;
  log?: Log;
}

export interface TestServer {
  base: string;
  store: ArticleStore;
  app: ReturnType<typeof createApp>;
  /** GET with a partner's key. */
  get(path: string, who: keyof typeof KEYS, headers?: Record<string, string>): Promise<Response>;
  /** POST a story as an editor. */
  post(story: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The real service on a free loopback port, over its own store connection (another replica, for a second one). */
export async function startServer(backend: Backend, clock: Clock, options: ServerOptions = {}): Promise<TestServer> {
  const store = await backend.open(clock);
  if (options.seed !== false) await seedSample(store);
  let app: ReturnType<typeof createApp> | undefined;
  // The node server's bindings go through (c.env.incoming), as in `serve`.
  const server: ServerType = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  if (options.idleTimeoutMs !== undefined) guardServer(server as Server, { ...SERVER_LIMITS, idleTimeoutMs: options.idleTimeoutMs });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = createApp({
    store,
    languages: defaultLanguages,
    translator,
    checkArticle,
    clock,
    baseUrl: base,
    adminToken: ADMIN,
    partners: options.partners ?? PARTNERS,
    partnerKeys: new Map(),
    log: options.log ?? (() => {}),
    ...(options.quotaSyncIntervalMs ? { quotaSyncIntervalMs: options.quotaSyncIntervalMs } : {}),
    ...(options.webhooks ? { webhookTiming: options.webhooks } : {}),
  });
  if (options.webhooks) await app.services.webhooks!.start();
  return {
    base,
    store,
    app,
    get: (path, who, headers = {}) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEYS[who]}`, ...headers } }),
    post: (story) => fetch(`${base}/api/articles`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(story) }),
    async close() {
      app!.services.changeWaits.close();
      await app!.services.webhooks?.stop();
      app!.services.publisher.stop();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

/** Polls until `done()` holds; fails after 10 s. */
export async function eventually(done: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A new story in the given languages, as an editor would POST it. */
export function newStory(id: string, languages: string[], extra: Record<string, unknown> = {}) {
  const loc = (lang: string) => ({
    headline: `Headline ${id} ${lang}`,
    summary: `Summary of ${id} in ${lang}.`,
    dateline: 'ERBIL (Rojname)',
    slug: `${id}-${lang}`,
    body: [{ type: 'paragraph', text: `Body of ${id} in ${lang}.` }],
    ...(lang === languages[0] ? {} : { translation: { from: languages[0], fromVersion: 1, by: 'Desk' } }),
  });
  return {
    id,
    pubStatus: 'usable',
    published: '2026-02-28T12:00:00Z',
    sourceLanguage: languages[0],
    provider: { name: 'Rojname', uri: 'https://rojname.example/' },
    located: { name: { en: 'Erbil' }, countryCode: 'IQ' },
    subjects: [{ code: 'medtop:11000000' }],
    contributors: [{ name: 'Jane Doe', role: 'author' }],
    images: [],
    localizations: Object.fromEntries(languages.map((l) => [l, loc(l)])),
    ...extra,
  };
}

import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import type { ArticleStore } from '../../src/store/store.js';

export const ADMIN = 'admin-secret-token';
export const PARTNER_KEY = 'afp-secret-key';
export const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';
export const T0 = Date.parse('2026-03-01T09:00:00.000Z');

const translator = createTranslator(defaultLanguages);

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: ArticleStore;
  logs: string[];
  setNow(ms: number): void;
  /** A second app over the same store, as after a restart. */
  restart(): ReturnType<typeof createApp>;
}

/** A fresh app over its own store (in memory unless `dbPath`), seeded with the sample story. */
export async function makeHarness(options: { dbPath?: string; adminToken?: string | null; partnerKeys?: Map<string, string>; maxBodyBytes?: number; tombstoneDays?: number } = {}): Promise<Harness> {
  let now = T0;
  const clock = () => new Date(now);
  const runtime = openRuntime(options.dbPath ?? ':memory:', clock);
  await seedSample(runtime.store);
  const logs: string[] = [];
  const build = () =>
    createApp({
      ...runtime,
      translator,
      baseUrl: 'https://rojname.example',
      ...(options.adminToken === null ? {} : { adminToken: options.adminToken ?? ADMIN }),
      partnerKeys: options.partnerKeys ?? new Map([['afp', PARTNER_KEY]]),
      log: (record) => logs.push(JSON.stringify(record)),
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.tombstoneDays !== undefined ? { tombstoneDays: options.tombstoneDays } : {}),
    });
  return { app: build(), store: runtime.store, logs, setNow: (ms) => (now = ms), restart: build };
}

export const admin = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${ADMIN}`, ...extra });
export const partner = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${PARTNER_KEY}`, ...extra });

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

import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';

export const ALICE = 'alice-token-0123456789';
export const BOB = 'bob-token-9876543210';
export const ADMIN = 'admin-secret-token';
export const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';
export const T0 = Date.parse('2026-03-01T09:00:00.000Z');

const translator = createTranslator(defaultLanguages);

/** A fresh app over its own in-memory store, seeded, with two named editors and ROJNAME_ADMIN_TOKEN's "admin". */
export async function makeDesk(options: { maxBodyBytes?: number } = {}) {
  let now = T0;
  const runtime = openRuntime(':memory:', () => new Date(now));
  await seedSample(runtime.store);
  const logs: Record<string, unknown>[] = [];
  const app = createApp({
    ...runtime,
    translator,
    baseUrl: 'https://rojname.example',
    adminToken: ADMIN,
    editorTokens: new Map([['alice', ALICE], ['bob', BOB]]),
    partnerKeys: new Map(),
    log: (record) => logs.push(record),
    ...options,
  });
  return { app, store: runtime.store, logs, setNow: (ms: number) => (now = ms) };
}

export const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

/** A new story in the given languages, as an editor would POST it. */
export function story(id: string, languages: string[], extra: Record<string, unknown> = {}) {
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

/** The picture part of a story: one image at `url`. */
export function picture(url: string, mediaType: string, width: number, height: number) {
  return { url, mediaType, width, height, credit: 'Rojname', caption: { en: 'A caption' }, alt: { en: 'What it shows' } };
}

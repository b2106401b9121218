import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { openRuntime, seedSample, type Runtime } from '../../src/runtime.js';
import { SAMPLE_ID, T0 } from '../http/harness.js';

/** Debian's package; CI installs it with apt-get, so a missing browser is a failure, not a skip. */
const CHROMIUM = '/usr/bin/chromium';
// Without the networking flags Chromium keeps calling outside hosts, which this network refuses.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 360, height: 740 };
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json'] as const;

interface Site {
  runtime: Runtime;
  server: ServerType;
  baseUrl: string;
}

let site: Site;
let context: BrowserContext;
let profileDir: string;

/** The real service on a free loopback port; the app is built once the port, and so its base URL, is known. */
async function startSite(): Promise<Site> {
  const runtime = openRuntime(':memory:', () => new Date(T0));
  await seedSample(runtime.store);
  const translator = createTranslator(runtime.languages);
  let app: ReturnType<typeof createApp> | undefined;
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch: (request) => app!.fetch(request), port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  app = createApp({ ...runtime, translator, baseUrl, partnerKeys: new Map(), log: () => {} });
  return { runtime, server, baseUrl };
}

async function stopSite({ runtime, server }: Site): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Chromium keeps connections alive; without this, close() waits for them to time out.
    (server as Server).closeAllConnections();
  });
  await runtime.store.close();
}

async function headline(lang: string): Promise<string> {
  const article = await site.runtime.store.get(SAMPLE_ID);
  return article!.localizations[lang]!.headline;
}

/** `type` → `href` of every feed announced with `<link rel="alternate">` in the head. */
/** Every feed the head announces, as [type, href]. */
function readAllFeedLinks(page: Page): Promise<[string, string][]> {
  return page.$$eval('head link[rel="alternate"][type]', (links) => links.map((l) => [l.getAttribute('type') ?? '', (l as HTMLLinkElement).href] as [string, string]));
}

/** The language's own feeds the head announces (the Media Topic feeds, under /topics/, left out). */
async function readFeedLinks(page: Page): Promise<[string, string][]> {
  return (await readAllFeedLinks(page)).filter(([, href]) => !new URL(href).pathname.includes('/topics/'));
}

async function fetchFeed(page: Page, type: string): Promise<{ response: Response; text: string }> {
  const href = new Map(await readFeedLinks(page)).get(type);
  expect(href, `no <link rel="alternate" type="${type}">`).toBeDefined();
  const response = await fetch(href!);
  return { response, text: await response.text() };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (CI does). This test does not skip.`);
  }
  site = await startSite();
  profileDir = await mkdtemp(join(tmpdir(), 'rojname-chromium-'));
  // Playwright refuses --user-data-dir in args; a fresh profile is launchPersistentContext's first argument.
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: PHONE });
  await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (site) await stopSite(site);
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
}, 60_000);

const RTL_PAGES = [
  { name: 'ar', lang: 'ar', path: '/ar/' },
  { name: 'ckb', lang: 'ckb', path: '/ckb/' },
  { name: 'ckb-article', lang: 'ckb', path: `/ckb/articles/${SAMPLE_ID}` },
] as const;

describe.each(RTL_PAGES)('$path in Chromium', ({ name, lang, path }) => {
  let page: Page;
  beforeAll(async () => {
    page = await context.newPage();
    const response = await page.goto(`${site.baseUrl}${path}`);
    expect(response?.status()).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await page?.close();
  });

  it('is a right-to-left document in its own language', async () => {
    const root = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
    expect(root).toEqual({ dir: 'rtl', lang });
  });

  it('lays out the main headline right to left', async () => {
    expect(await page.$eval('main h1', (h1) => getComputedStyle(h1).direction)).toBe('rtl');
  });

  it('announces exactly the RSS, Atom and JSON feeds in the head, and its stories’ topic feeds in the same three formats', async () => {
    const types = (await readFeedLinks(page)).map(([type]) => type).filter((type) => type !== '');
    expect(types.sort()).toEqual([...FEED_TYPES].sort());
    const topics = (await readAllFeedLinks(page)).filter(([, href]) => new URL(href).pathname.includes('/topics/'));
    // A language's page names the topic feeds of its stories; an article page, its language's feeds only.
    if (path.endsWith('/')) expect(topics.length).toBeGreaterThan(0);
    else expect(topics).toEqual([]);
    expect(topics.length % 3).toBe(0);
    for (const [type, href] of topics) {
      expect(FEED_TYPES).toContain(type);
      expect(new URL(href).pathname).toMatch(new RegExp(`^/${lang}/topics/\\d{8}/(rss\\.xml|atom\\.xml|feed\\.json)$`));
    }
  });

  it.each(['application/rss+xml', 'application/atom+xml'])('serves the announced %s feed with the story headline', async (type) => {
    const { response, text } = await fetchFeed(page, type);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(type);
    const feed = await new Parser().parseString(text);
    expect(feed.items.length).toBeGreaterThanOrEqual(1);
    expect(feed.items.map((item) => item.title)).toContain(await headline(lang));
  });

  it('serves the announced JSON Feed 1.1 in the page language', async () => {
    const { response, text } = await fetchFeed(page, 'application/feed+json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe('application/feed+json');
    const feed = JSON.parse(text) as { version?: unknown; language?: unknown };
    expect({ version: feed.version, language: feed.language }).toEqual({ version: 'https://jsonfeed.org/version/1.1', language: lang });
  });

  it(`does not scroll sideways at ${PHONE.width}px`, async () => {
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it('renders to a full-page screenshot', async () => {
    const file = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect((await stat(file)).size).toBeGreaterThan(5 * 1024);
  });
});

describe('/en/ in Chromium', () => {
  it('is a left-to-right document', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${site.baseUrl}/en/`);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    } finally {
      await page.close();
    }
  });
});

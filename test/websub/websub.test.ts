import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { checkAtom, checkJsonFeed } from '../helpers/official.js';
import { startHub, startSubscriber, type TestHub, type TestSubscriber } from './hub.js';

/**
 * Issue 9 items 4 and 11: WebSub. The service runs over loopback with ROJNAME_WEBSUB_HUBS set to a
 * hub written in the suite (./hub.ts); a subscriber subscribes through the hub (verification of
 * intent), an editor writes, the service notifies the hub, the hub fetches the feed and delivers it
 * signed, and the subscriber receives the new content.
 */

const ADMIN = 'websub-admin-token';
const translator = createTranslator(defaultLanguages);
const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Service {
  base: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  logs: string[];
}

/** The real service on a loopback port, its base URL its own address. */
async function startService(hubs: string[]): Promise<Service> {
  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runtime = openRuntime(':memory:');
  await seedSample(runtime.store);
  const logs: string[] = [];
  app = createApp({ ...runtime, translator, baseUrl: base, adminToken: ADMIN, partnerKeys: new Map(), websubHubs: hubs, log: (r) => logs.push(JSON.stringify(r)) });
  await app.services.publisher.start();
  closers.push(async () => {
    app!.services.websub?.stop();
    app!.services.publisher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await runtime.store.close();
  });
  return { base, logs, request: (path, init) => fetch(`${base}${path}`, init) };
}

function story(id: string, headline: string) {
  return {
    id,
    pubStatus: 'usable',
    published: new Date().toISOString(),
    sourceLanguage: 'en',
    provider: { name: 'Rojname', uri: 'https://rojname.example/' },
    located: { name: { en: 'Erbil' }, countryCode: 'IQ' },
    subjects: [],
    contributors: [],
    images: [],
    localizations: { en: { headline, summary: `Summary of ${id}.`, dateline: 'ERBIL (Rojname)', slug: id, body: [{ type: 'paragraph', text: `Body of ${id}.` }] } },
  };
}

async function write(service: Service, id: string, headline: string): Promise<number> {
  const res = await service.request('/api/articles', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(story(id, headline)) });
  expect(res.status).toBe(201);
  return Date.now();
}

/** Polls until `done()` holds; fails after `ms`. */
async function within(ms: number, done: () => boolean, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function withHub(): Promise<{ hub: TestHub; subscriber: TestSubscriber; service: Service }> {
  const hub = await startHub();
  closers.push(() => hub.close());
  const subscriber = await startSubscriber('a shared secret of the subscriber');
  closers.push(() => subscriber.close());
  const service = await startService([hub.url]);
  return { hub, subscriber, service };
}

describe('WebSub', () => {
  it('links the hub and self in every subscription feed and in a Link header', async () => {
    const { hub, service } = await withHub();
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) {
      const self = (file: string) => `${service.base}/${lang}/${file}`;
      const rss = await service.request(`/${lang}/rss.xml`);
      expect(rss.headers.get('link')).toBe(`<${hub.url}>; rel="hub", <${self('rss.xml')}>; rel="self"`);
      const rssText = await rss.text();
      expect(rssText).toContain(`<atom:link href="${self('rss.xml')}" rel="self" type="application/rss+xml"/>`);
      expect(rssText).toContain(`<atom:link href="${hub.url}" rel="hub"/>`);
      const atom = await service.request(`/${lang}/atom.xml`);
      expect(atom.headers.get('link')).toBe(`<${hub.url}>; rel="hub", <${self('atom.xml')}>; rel="self"`);
      const atomText = await atom.text();
      expect(atomText).toContain(`<link href="${hub.url}" rel="hub"/>`);
      expect((await checkAtom(atomText)).errors).toEqual([]);
      const json = await service.request(`/${lang}/feed.json`);
      expect(json.headers.get('link')).toBe(`<${hub.url}>; rel="hub", <${self('feed.json')}>; rel="self"`);
      const jsonText = await json.text();
      expect(JSON.parse(jsonText)).toMatchObject({ feed_url: self('feed.json'), hubs: [{ type: 'WebSub', url: hub.url }] });
      expect(checkJsonFeed(jsonText).errors).toEqual([]);
    }
  });

  it('delivers a write to a subscriber through the hub: subscribe, verify intent, publish, fetch, signed delivery', async () => {
    const { hub, subscriber, service } = await withHub();
    const topic = `${service.base}/en/atom.xml`;
    await subscriber.subscribe(hub.url, topic);
    await hub.subscribed(topic, subscriber.callback);

    const answered = await write(service, 'websub-first', 'Hub delivers the first story');
    // Within 5 s of the write's response, the hub is told of every feed of the language that changed.
    await within(5_000, () => ['rss.xml', 'atom.xml', 'feed.json'].every((f) => hub.publishes.some((p) => p.url === `${service.base}/en/${f}`)), 'publish notifications');
    expect(Math.max(...hub.publishes.map((p) => p.at)) - answered).toBeLessThan(5_000);
    // Only the changed language's feeds: the others did not change.
    expect(hub.publishes.filter((p) => !p.url.startsWith(`${service.base}/en/`))).toEqual([]);

    await within(10_000, () => subscriber.deliveries.some((d) => d.body.includes('Hub delivers the first story')), 'the delivery');
    const delivery = subscriber.deliveries.find((d) => d.body.includes('Hub delivers the first story'))!;
    expect(delivery.topic).toBe(topic);
    expect(delivery.contentType).toBe('application/atom+xml; charset=utf-8');
    // The bytes delivered are the feed as the service serves it now.
    expect(delivery.body).toBe(await (await service.request('/en/atom.xml')).text());
    expect(subscriber.rejected).toBe(0);

    // A second write: the subscriber gets the new content too.
    await write(service, 'websub-second', 'Hub delivers the second story');
    await within(10_000, () => subscriber.deliveries.some((d) => d.body.includes('Hub delivers the second story')), 'the second delivery');
  });

  it('retries a hub that fails, with backoff, and never holds up the write', async () => {
    const { hub, service } = await withHub();
    // The first notification of each of the three feeds fails.
    hub.failNext(503, 3);
    const started = Date.now();
    await write(service, 'websub-retry', 'Retried notification');
    const answeredIn = Date.now() - started;
    const atom = `${service.base}/en/atom.xml`;
    await within(10_000, () => hub.publishes.filter((p) => p.url === atom).length >= 2, 'a retry after the 503');
    const [first, second] = hub.publishes.filter((p) => p.url === atom);
    // Backoff: the retry waits (the first delay is 0.5–1 s).
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(400);
    // The write was answered before the retry was even due.
    expect(answeredIn).toBeLessThan(second!.at - started);
  });

  it('answers the write when no hub is reachable, and logs the failure instead of failing', async () => {
    // A port with nothing listening on it.
    const gone = await startHub();
    const url = gone.url;
    await gone.close();
    const service = await startService([url]);
    const res = await service.request('/api/articles', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(story('websub-nohub', 'No hub')),
    });
    expect(res.status).toBe(201);
    expect(await (await service.request('/en/rss.xml')).text()).toContain('No hub');
  });
});

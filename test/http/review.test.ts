import { describe, expect, it } from 'vitest';
import { admin, makeHarness, newStory, partner, T0 } from './harness.js';

/** Behaviours found in review: each once broke, or could have. */
const json = (body: unknown) => ({ method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });

describe('validators move only when the feed changes', () => {
  it('an embargoed story leaves the public feed, its ETag and Last-Modified alone', async () => {
    const h = await makeHarness();
    const before = await h.app.request('/en/rss.xml');
    h.setNow(T0 + 3_600_000);
    await h.app.request('/api/articles', json(newStory('secret-for-now', ['en'], { embargoedUntil: new Date(T0 + 7_200_000).toISOString() })));
    const after = await h.app.request('/en/rss.xml', { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(304);
    expect(after.headers.get('last-modified')).toBe(before.headers.get('last-modified'));
  });
  it('two states within one second share Last-Modified (never later than Date) but never an ETag', async () => {
    const h = await makeHarness();
    h.setNow(T0 + 10_100);
    await h.app.request('/api/articles', json(newStory('first-in-second', ['en'])));
    const first = await h.app.request('/en/rss.xml');
    h.setNow(T0 + 10_700);
    await h.app.request('/api/articles', json(newStory('second-in-second', ['en'])));
    const again = await h.app.request('/en/rss.xml', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('second-in-second');
    expect(again.headers.get('etag')).not.toBe(first.headers.get('etag'));
    // Both states are from the same second of the store's clock: RFC 9110 §8.8.2.1 wants the
    // time of the change, so the header cannot tell them apart; the ETag does.
    expect(again.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
  });
  it('never sends a Last-Modified later than Date, even when the store clock runs ahead', async () => {
    const h = await makeHarness();
    // The store stamps changes from its own clock, a minute ahead of the wall clock here.
    h.setNow(Date.now() + 60_000);
    await h.app.request('/api/articles', json(newStory('from-the-future', ['en'])));
    const res = await h.app.request('/en/rss.xml');
    expect(Date.parse(res.headers.get('last-modified')!)).toBeLessThanOrEqual(Date.now());
  });
});

describe('a language dropped from a story', () => {
  it('is a kill partners can fetch and readers see as gone', async () => {
    const h = await makeHarness();
    await h.app.request('/api/articles', json(newStory('two-langs', ['en', 'ckb'])));
    const story = await (await h.app.request('/api/articles/two-langs', { headers: admin() })).json();
    delete story.localizations.ckb;
    h.setNow(T0 + 1000);
    const put = await h.app.request('/api/articles/two-langs', { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify(story) });
    expect(put.status).toBe(200);
    const changes = (await (await h.app.request('/newsml/changes?since=4', { headers: partner() })).json()).changes;
    const kill = changes.find((c: { language: string; kind: string }) => c.language === 'ckb' && c.kind === 'kill');
    expect(kill).toMatchObject({ version: 2, pubStatus: 'canceled' });
    const item = await h.app.request(new URL(kill.url).pathname + new URL(kill.url).search, { headers: partner() });
    expect(item.status).toBe(200);
    const xml = await item.text();
    expect(xml).toContain('<pubStatus qcode="stat:canceled"/>');
    expect(xml).toContain('This language version was withdrawn.');
    expect((await h.app.request('/ckb/articles/two-langs')).status).toBe(410);
  });
});

describe('requests that cannot reach a handler', () => {
  it('logs the path as sent, so a crafted path cannot forge a log line', async () => {
    const h = await makeHarness();
    await h.app.request('/x%0A2026-01-01T00:00:00.000Z%20deadbeef%20DELETE%20/api/articles/foo%20200');
    expect(h.logs).toHaveLength(1);
    expect(h.logs[0]).toContain('/x%0A2026');
  });
  it('answers a wrong method on partner and media routes with 405', async () => {
    const h = await makeHarness();
    expect((await h.app.request('/newsml/en/latest.xml', { method: 'POST', headers: partner() })).status).toBe(405);
    expect((await h.app.request('/media/nato-mission-iraq.jpg', { method: 'DELETE' })).status).toBe(405);
  });
  it('lists the supported languages for an unknown partner language', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/newsml/fr/latest.xml', { headers: partner() });
    expect(res.status).toBe(404);
    expect((await res.json()).supportedLanguages).toEqual(['en', 'ckb', 'kmr', 'ar']);
  });
  it('refuses a story whose provider URI no feed could carry, instead of breaking the feeds', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/api/articles', json(newStory('urn-provider', ['en'], { provider: { name: 'X', uri: 'urn:rojname:provider:unknown' } })));
    expect(res.status).toBe(400);
    expect((await h.app.request('/en/atom.xml')).status).toBe(200);
  });
});

describe('an unexpected error on a page', () => {
  it('is answered as an HTML page, without internals', async () => {
    const h = await makeHarness();
    await h.store.close();
    const res = await h.app.request('/ar/');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // In the path's language and direction; the request is named in x-request-id.
    expect(res.headers.get('content-language')).toBe('ar');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl"/);
    expect(html).toContain('<h1>حدث خطأ ما</h1>');
    expect(html).toContain('تعذّر عرض الصفحة. يُرجى المحاولة مرة أخرى بعد قليل.');
    expect(html).not.toMatch(/sqlite|database|at /i);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { sha256Hex, type PartnerEntry } from '../../src/partners/partner.js';
import type { Clock } from '../../src/store/store.js';
import type { DeliveryTiming } from '../../src/webhooks/deliverer.js';
import { eventually, KEYS, newStory, postgresBackend, sqliteBackend, startServer, testClock, type TestServer } from '../partners/harness.js';
import { newSecret, startReceiver, type Attempt, type Receiver } from './receiver.js';

/**
 * Webhook delivery on the real service over loopback, on each store, to a receiver that verifies
 * every signature. Partners: `all` (every language, embargoed items) and `enar` (en and ar, no
 * embargoed items). Timings are shortened: a 500 ms timeout, retries from 100 ms.
 */

const SECRETS = { '/all': newSecret(1), '/enar': newSecret(2) };
const FAST: Partial<DeliveryTiming> = { timeoutMs: 500, leaseMs: 2000, baseMs: 100, mostMs: 400, storeRetryMs: 100 };

function partners(receiver: Receiver): PartnerEntry[] {
  return [
    { name: 'all', keySha256: sha256Hex(KEYS.all), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 10_000, webhook: { url: receiver.url('/all'), secret: SECRETS['/all'] } },
    { name: 'enar', keySha256: sha256Hex(KEYS.enar), languages: ['en', 'ar'], embargoed: false, requestsPerMinute: 10_000, webhook: { url: receiver.url('/enar'), secret: SECRETS['/enar'] } },
  ];
}

type Entry = { cursor: string; storyId: string; language: string; kind: string; version: number; url: string };

describe.each([sqliteBackend(), postgresBackend()])('webhooks on the $name store', (backend) => {
  let clock: Clock;
  let receiver: Receiver;
  let server: TestServer | undefined;
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    await backend.reset();
    clock = testClock();
    receiver = await startReceiver(SECRETS);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await receiver.close();
    // Every request the receiver saw was signed correctly.
    expect(receiver.rejected).toEqual([]);
  });
  const start = async (timing: Partial<DeliveryTiming> = FAST) => (server = await startServer(backend, clock, { partners: partners(receiver), webhooks: timing }));
  const feed = async (who: 'all' | 'enar', since = '0'): Promise<Entry[]> => (await (await server!.get(`/newsml/changes?since=${since}`, who)).json()).changes;
  const account = async (who: 'all' | 'enar') => (await (await server!.get('/newsml/account', who)).json()).webhook;
  const dataOf = (a: Attempt) => {
    const { newsml: _n, ninjs: _j, ...entry } = a.event.data;
    return entry;
  };

  it('delivers every change the partner may see, in change-log order, as /newsml/changes shows it, once each', async () => {
    const s = await start();
    // The seed (changes 1–4) was written before the partners' cursors existed: not pushed.
    await s.post(newStory('first', ['en', 'ckb']));
    await s.post(newStory('second', ['ar']));
    await s.post(newStory('third', ['kmr', 'en']));
    const expected = await feed('all', '4');
    expect(expected.map((e) => [e.cursor, e.storyId, e.language])).toEqual([['5', 'first', 'en'], ['6', 'first', 'ckb'], ['7', 'second', 'ar'], ['8', 'third', 'kmr'], ['9', 'third', 'en']]);
    await eventually(() => receiver.delivered('/all').length === 5);
    const got = receiver.attempts.filter((a) => a.path === '/all');
    expect(got.map(dataOf)).toEqual(expected);
    expect(got.map((a) => [a.id, a.n, a.event.type, a.event.timestamp])).toEqual(expected.map((e) => [`msg_all_${e.cursor}`, 1, 'item.changed', (e as unknown as { time: string }).time]));
    // Each attempt began after the previous one was answered: one at a time, in order.
    got.slice(1).forEach((a, i) => expect(a.startedAt).toBeGreaterThanOrEqual(got[i]!.endedAt!));
    // The URLs in the event fetch that version, in NewsML-G2 and in ninjs.
    const { newsml, ninjs } = got[1]!.event.data;
    expect(newsml).toBe(`${s.base}/newsml/items/first/ckb.xml?version=1`);
    expect(ninjs).toBe(`${s.base}/ninjs/items/first/ckb.json?version=1`);
    expect(await (await s.get(new URL(newsml).pathname + new URL(newsml).search, 'all')).text()).toContain('Headline first ckb');
    expect(await (await s.get(new URL(ninjs).pathname + new URL(ninjs).search, 'all')).json()).toMatchObject({ language: 'ckb', headlines: [{ value: 'Headline first ckb' }] });
    await eventually(async () => (await account('all')).pending === 0);
    const state = await account('all');
    expect(state).toMatchObject({ url: receiver.url('/all'), pending: 0, lastStatus: 200, failures: 0 });
    expect(Date.parse(state.lastDelivery)).toBeGreaterThanOrEqual(got.at(-1)!.timestamp * 1000 - 1000);
    expect(state.lastDelivery).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("sends a partner only its languages, and the lift of an embargo instead of the embargoed write", async () => {
    const s = await start();
    const lift = clock().getTime() + 1500;
    await s.post(newStory('sorani', ['ckb']));
    await s.post(newStory('under', ['en'], { embargoedUntil: new Date(lift).toISOString() }));
    await s.post(newStory('plain', ['en', 'ckb']));
    await eventually(() => receiver.delivered('/enar').length === 2 && receiver.delivered('/all').length === 4);
    const sent = (path: string) => receiver.attempts.filter((a) => a.path === path).map((a) => [a.event.data.storyId, a.event.data.language, a.event.data.kind]);
    expect(sent('/enar')).toEqual([['plain', 'en', 'new'], ['under', 'en', 'embargo-lifted']]);
    // `all` sees embargoed items: it had the write, and gets no lift.
    expect(sent('/all')).toEqual([['sorani', 'ckb', 'new'], ['under', 'en', 'new'], ['plain', 'en', 'new'], ['plain', 'ckb', 'new']]);
    // Pushed at the instant it lifted (within the delivery's own few ms, and the seam's fallback).
    const lifted = receiver.attempts.find((a) => a.event.data.kind === 'embargo-lifted')!;
    expect(lifted.event.timestamp).toBe(new Date(lift).toISOString());
    expect(receiver.attempts.filter((a) => a.path === '/enar').map(dataOf)).toEqual(await feed('enar', '4'));
  });

  it('retries a receiver that is down, then resets connections, with the same webhook-id, and resumes in order', async () => {
    await receiver.down();
    const s = await start();
    await s.post(newStory('one', ['en']));
    await s.post(newStory('two', ['en']));
    // Connections refused: failed attempts, no status, both changes pending.
    await eventually(async () => (await account('enar')).failures >= 2);
    expect(await account('enar')).toMatchObject({ pending: 2, lastStatus: null });
    expect(receiver.attempts).toEqual([]);
    // Listening again, but dropping each connection unanswered: the receiver sees the attempts.
    receiver.reply = () => 'reset';
    await receiver.up();
    await eventually(() => receiver.attempts.filter((a) => a.path === '/enar').length >= 2);
    receiver.reply = () => ({ status: 200 });
    await eventually(() => receiver.delivered('/enar').length === 2);
    const enar = receiver.attempts.filter((a) => a.path === '/enar');
    // Every attempt of the first change carried its one id; the second waited its turn.
    const firstId = enar[0]!.id;
    expect(new Set(enar.filter((a) => a.event.data.storyId === 'one').map((a) => a.id))).toEqual(new Set([firstId]));
    expect(enar.filter((a) => a.event.data.storyId === 'one').length).toBeGreaterThanOrEqual(3);
    expect(receiver.delivered('/enar').map((a) => [a.id, a.event.data.storyId])).toEqual([[firstId, 'one'], [`msg_enar_${Number(firstId.split('_')[2]) + 1}`, 'two']]);
    expect(enar.filter((a) => a.event.data.storyId === 'two').every((a) => a.startedAt >= receiver.delivered('/enar')[0]!.endedAt!)).toBe(true);
    await eventually(async () => (await account('enar')).pending === 0);
    expect(await account('enar')).toMatchObject({ pending: 0, lastStatus: 200, failures: 0 });
  });

  it('abandons an attempt that gets no answer within the timeout, and retries it with the same id', async () => {
    receiver.reply = (a) => (a.n === 1 ? { status: 200, delayMs: 2000 } : { status: 200 });
    const s = await start();
    await s.post(newStory('slow', ['en']));
    await eventually(() => receiver.delivered('/enar').length === 1);
    const attempts = receiver.attempts.filter((a) => a.path === '/enar');
    expect(attempts.map((a) => [a.id, a.n])).toEqual([[attempts[0]!.id, 1], [attempts[0]!.id, 2]]);
    // The first was closed by the sender at its 500 ms timeout, before the receiver's answer at 2 s.
    expect(attempts[0]!.outcome).toBe('closed by the sender');
    expect(attempts[0]!.endedAt! - attempts[0]!.startedAt).toBeLessThan(1900);
    expect(receiver.mostConcurrent.get(attempts[0]!.id)).toBe(1);
  });

  it('retries a 500 until the receiver answers 200, and the account tells the failures meanwhile', async () => {
    let failing = true;
    receiver.reply = () => ({ status: failing ? 500 : 200 });
    const s = await start();
    await s.post(newStory('flaky', ['ar']));
    await eventually(async () => (await account('enar')).failures >= 2);
    expect(await account('enar')).toMatchObject({ pending: 1, lastStatus: 500 });
    failing = false;
    await eventually(() => receiver.delivered('/enar').length === 1);
    const attempts = receiver.attempts.filter((a) => a.path === '/enar');
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1);
    expect(attempts.map((a) => a.outcome)).toEqual([...Array(attempts.length - 1).fill(500), 200]);
    await eventually(async () => (await account('enar')).failures === 0);
    expect(await account('enar')).toMatchObject({ pending: 0, lastStatus: 200, failures: 0 });
  });

  it('waits as long as a 429 says in Retry-After before the next attempt', async () => {
    receiver.reply = (a) => (a.n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 });
    const s = await start();
    await s.post(newStory('busy', ['en']));
    await eventually(() => receiver.delivered('/enar').length === 1);
    const [first, second] = receiver.attempts.filter((a) => a.path === '/enar');
    expect([first!.outcome, second!.outcome, second!.id]).toEqual([429, 200, first!.id]);
    // Backoff alone would have retried within 100 ms; Retry-After said 2 s.
    const gap = second!.startedAt - first!.endedAt!;
    expect(gap).toBeGreaterThanOrEqual(1900);
    expect(gap).toBeLessThan(5000);
  });

  it('does not retry a 400: the delivery is recorded as dropped and the next change goes out', async () => {
    receiver.reply = (a) => ({ status: a.event.data.storyId === 'refused' ? 400 : 200 });
    const s = await start();
    await s.post(newStory('refused', ['en']));
    await s.post(newStory('accepted', ['en']));
    await eventually(() => receiver.delivered('/enar').length === 1);
    const attempts = receiver.attempts.filter((a) => a.path === '/enar');
    expect(attempts.map((a) => [a.event.data.storyId, a.n, a.outcome])).toEqual([['refused', 1, 400], ['accepted', 1, 200]]);
    const seq = Number(attempts[0]!.event.data.cursor);
    expect(await s.store.webhooks.dropped('enar')).toEqual([{ seq, status: 400, reason: 'refused: HTTP 400', attempts: 1, at: expect.stringMatching(/Z$/) }]);
    await eventually(async () => (await account('enar')).pending === 0);
    expect(await account('enar')).toMatchObject({ pending: 0, lastStatus: 200, failures: 0 });
  });

  it('gives a change up after retrying it for the whole window, records it, and moves on', async () => {
    receiver.reply = (a) => ({ status: a.event.data.storyId === 'doomed' ? 503 : 200 });
    const s = await start({ ...FAST, giveUpAfterMs: 1000 });
    await s.post(newStory('doomed', ['en']));
    await s.post(newStory('next', ['en']));
    await eventually(() => receiver.delivered('/enar').length === 1);
    const doomed = receiver.attempts.filter((a) => a.event.data.storyId === 'doomed' && a.path === '/enar');
    expect(doomed.length).toBeGreaterThanOrEqual(2);
    expect(await s.store.webhooks.dropped('enar')).toEqual([{ seq: Number(doomed[0]!.event.data.cursor), status: 503, reason: 'retried for 1 s; last: HTTP 503', attempts: doomed.length, at: expect.any(String) }]);
    expect(receiver.delivered('/enar').map((a) => a.event.data.storyId)).toEqual(['next']);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { sha256Hex, type PartnerEntry } from '../../src/partners/partner.js';
import type { Clock } from '../../src/store/store.js';
import type { DeliveryTiming } from '../../src/webhooks/deliverer.js';
import { eventually, KEYS, newStory, postgresBackend, sqliteBackend, startServer, testClock, type TestServer } from '../partners/harness.js';
import { newSecret, startReceiver, type Receiver } from './receiver.js';

/**
 * Several replicas on one store, each delivering webhooks: every change is delivered, in order,
 * and no webhook-id is ever attempted by two of them at once (the receiver counts the attempts of
 * each id under way at the same time). On PostgreSQL the replicas claim with FOR UPDATE SKIP
 * LOCKED and a lease; on one SQLite file, with the lease taken in a write transaction.
 */

const SECRETS = { '/all': newSecret(3) };

describe.each([postgresBackend(), sqliteBackend()])('webhooks from replicas on one $name store', (backend) => {
  const servers: TestServer[] = [];
  let clock: Clock;
  let receiver: Receiver;
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    await backend.reset();
    clock = testClock();
    receiver = await startReceiver(SECRETS);
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await receiver.close();
    expect(receiver.rejected).toEqual([]);
  });
  const partners = (): PartnerEntry[] => [
    { name: 'all', keySha256: sha256Hex(KEYS.all), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 10_000, webhook: { url: receiver.url('/all'), secret: SECRETS['/all'] } },
  ];
  const start = async (timing: Partial<DeliveryTiming>, seed = true) => {
    const s = await startServer(backend, clock, { seed, partners: partners(), webhooks: timing });
    servers.push(s);
    return s;
  };

  it('delivers each change once, in order, never attempting one twice at a time', async () => {
    // Slow answers widen the window in which two replicas could both be attempting.
    receiver.reply = () => ({ status: 200, delayMs: 60 });
    const timing = { timeoutMs: 2000, leaseMs: 4000, baseMs: 100, mostMs: 400, storeRetryMs: 100 };
    const a = await start(timing);
    const b = await start(timing, false);
    const c = await start(timing, false);
    const replicas = [a, b, c];
    for (let i = 0; i < 12; i++) await replicas[i % 3]!.post(newStory(`story-${i}`, i % 2 ? ['en', 'ar'] : ['ckb']));
    const expected = Array.from({ length: 18 }, (_, i) => `msg_all_${i + 5}`);
    await eventually(() => receiver.delivered('/all').length === 18);
    // Let any late duplicate arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.attempts.map((x) => x.id)).toEqual(expected);
    expect([...receiver.mostConcurrent.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.attempts.map((x) => x.n)).toEqual(expected.map(() => 1));
  });

  it('retries, with the same webhook-id, an attempt whose replica lost its store mid-attempt, once its lease ends', async () => {
    // The first attempt gets no answer; the replica making it loses its store before it can settle.
    receiver.reply = (x) => (x.n === 1 ? 'hang' : { status: 200 });
    const timing = { timeoutMs: 300, leaseMs: 1500, baseMs: 100, mostMs: 400, storeRetryMs: 100 };
    const doomed = await start(timing);
    await doomed.post(newStory('orphan', ['en']));
    await eventually(() => receiver.attempts.length === 1);
    const claimedAt = receiver.attempts[0]!.startedAt;
    await doomed.store.close();
    const survivor = await start(timing, false);
    await eventually(() => receiver.delivered('/all').length === 1);
    const [first, second] = receiver.attempts;
    expect([first!.id, second!.id, second!.n]).toEqual(['msg_all_5', 'msg_all_5', 2]);
    // Not before the lease ran out, and never two at once: the first had timed out long before.
    expect(second!.startedAt - claimedAt).toBeGreaterThanOrEqual(1400);
    expect(first!.outcome).toBe('closed by the sender');
    expect(receiver.mostConcurrent.get('msg_all_5')).toBe(1);
    expect(await (await survivor.get('/newsml/account', 'all')).json()).toMatchObject({ webhook: { pending: 0, lastStatus: 200, failures: 0 } });
  });
});

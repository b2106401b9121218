import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/store/store.js';
import { eventually, newStory, postgresBackend, sqliteBackend, startServer, testClock, type ServerOptions, type TestServer } from '../partners/harness.js';

/**
 * `GET /newsml/changes?since=C&wait=S` on the real service over loopback, on each store.
 * Partners (test/partners/harness.ts): afp sees every language; tiny sees only ckb.
 */

type Page = { changes: { cursor: string; storyId: string; language: string }[]; nextCursor: string; hasMore: boolean };
const figures: string[] = [];

describe.each([sqliteBackend(), postgresBackend()])('long-poll on the $name store', (backend) => {
  const servers: TestServer[] = [];
  let clock: Clock;
  beforeAll(() => backend.setup());
  afterAll(async () => {
    await backend.teardown();
    // The measured figures, for the record (the assertions' bounds are generous).
    if (figures.length) console.log(figures.splice(0).join('\n'));
  });
  beforeEach(async () => {
    await backend.reset();
    clock = testClock();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (options: ServerOptions = {}) => {
    const s = await startServer(backend, clock, options);
    servers.push(s);
    return s;
  };
  /** Sends the long-poll and resolves with its page and when it was answered. */
  const poll = (s: TestServer, query: string, who: 'afp' | 'tiny' = 'afp', signal?: AbortSignal) => {
    const sent = Date.now();
    return fetch(`${s.base}/newsml/changes?${query}`, { headers: { authorization: `Bearer ${who === 'afp' ? 'afp-key-1' : 'tiny-key-3'}` }, ...(signal ? { signal } : {}) }).then(async (res) => ({
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Page & { errors?: unknown; title?: string },
      answeredAt: Date.now(),
      sent,
    }));
  };
  it('answers a waiting request as soon as a change is written, with the change', async () => {
    const s = await start();
    const head = (await (await s.get('/newsml/changes', 'afp')).json()) as Page;
    expect(head.nextCursor).toBe('4');
    const waiter = poll(s, 'since=4&wait=10');
    // Let it reach the wait (an answer before the write would carry no change and fail below).
    await new Promise((r) => setTimeout(r, 300));
    const written = await s.post(newStory('breaking', ['en']));
    const writtenAt = Date.now();
    expect(written.status).toBe(201);
    const answer = await waiter;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ changes: [expect.objectContaining({ cursor: '5', storyId: 'breaking', language: 'en', kind: 'new' })], nextCursor: '5', hasMore: false });
    const ms = answer.answeredAt - writtenAt;
    figures.push(`${backend.name}: write response → long-poll answer, one process: ${ms} ms`);
    expect(ms).toBeLessThan(1000);
  });

  it('answers a request waiting on one replica when another replica writes', async () => {
    const a = await start();
    const b = await start({ seed: false });
    const waiter = poll(b, 'since=4&wait=10');
    await new Promise((r) => setTimeout(r, 300));
    await a.post(newStory('elsewhere', ['ar']));
    const writtenAt = Date.now();
    const answer = await waiter;
    expect(answer.body.changes.map((c) => [c.storyId, c.language])).toEqual([['elsewhere', 'ar']]);
    const ms = answer.answeredAt - writtenAt;
    figures.push(`${backend.name}: write response → long-poll answer, across replicas: ${ms} ms`);
    expect(ms).toBeLessThan(1000);
  });

  it('answers at once when there is a change already, and after S seconds with an empty page when there is none', async () => {
    const s = await start();
    const now = await poll(s, 'since=2&wait=5');
    expect(now.body.changes.map((c) => c.cursor)).toEqual(['3', '4']);
    expect(now.answeredAt - now.sent).toBeLessThan(1000);
    const empty = await poll(s, 'since=4&wait=1');
    expect([empty.status, empty.body]).toEqual([200, { changes: [], nextCursor: '4', hasMore: false }]);
    const ms = empty.answeredAt - empty.sent;
    figures.push(`${backend.name}: wait=1 with no change answered after ${ms} ms`);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(3000);
  });

  it('refuses a wait that is not a whole number of seconds from 1 to 30, naming the parameter', async () => {
    const s = await start();
    for (const wait of ['0', '31', '1.5', '-1', 'abc', '', '05', '1e1']) {
      const res = await s.get(`/newsml/changes?since=4&wait=${wait}`, 'afp');
      expect(res.status, wait).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await res.json(), wait).toMatchObject({ status: 400, title: 'Bad wait', errors: [{ pointer: '?wait', message: 'must be a whole number of seconds from 1 to 30' }] });
    }
    // The bounds themselves are accepted (with changes after the cursor, answered at once).
    for (const wait of ['1', '30']) expect((await poll(s, `since=2&wait=${wait}`)).body.changes).toHaveLength(2);
  });

  it('lets four requests of a partner wait, answers a fifth 429 with Retry-After, and frees a slot when a client goes away', async () => {
    const s = await start();
    const clients = Array.from({ length: 4 }, () => new AbortController());
    const waiters = clients.map((c) => poll(s, 'since=4&wait=5', 'afp', c.signal).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 300));
    const fifth = await poll(s, 'since=4&wait=5');
    expect(fifth.status).toBe(429);
    expect(fifth.body).toMatchObject({ status: 429, title: 'Too many waiting requests', waitingLimit: 4 });
    const retryAfter = Number(fifth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(5);
    expect(fifth.headers.get('ratelimit')).toMatch(/^"minute";r=\d+;t=\d+$/);
    // Another partner has slots of its own.
    const tiny = poll(s, 'since=4&wait=1', 'tiny');
    expect((await tiny).status).toBe(200);
    // One client disconnects: its slot frees, and a new request waits in its place.
    clients[0]!.abort();
    await eventually(async () => {
      const again = await poll(s, 'since=4&wait=1');
      return again.status === 200;
    });
    // The remaining three are still waiting, and all are answered by the next change.
    await s.post(newStory('for-all', ['en']));
    const answers = await Promise.all(waiters.slice(1));
    for (const a of answers) expect((a as { body: Page }).body.changes.map((c) => c.storyId)).toEqual(['for-all']);
    expect(await waiters[0]).toBeInstanceOf(Error);
  });

  it("is woken only by a change in the partner's own view", async () => {
    const s = await start();
    let settledEarly = false;
    const waiter = poll(s, 'since=4&wait=10', 'tiny').then((a) => {
      settledEarly = !written;
      return a;
    });
    let written = false;
    await new Promise((r) => setTimeout(r, 300));
    // A change in a language tiny does not have: it goes on waiting.
    await s.post(newStory('english', ['en']));
    await new Promise((r) => setTimeout(r, 500));
    written = true;
    await s.post(newStory('sorani', ['ckb', 'en']));
    const answer = await waiter;
    expect(settledEarly).toBe(false);
    expect(answer.body.changes.map((c) => [c.cursor, c.storyId, c.language])).toEqual([['6', 'sorani', 'ckb']]);
    // With only changes it may not see, it answers at the timeout, its cursor moved past them.
    await s.post(newStory('arabic', ['ar']));
    const empty = await poll(s, `since=${answer.body.nextCursor}&wait=1`, 'tiny');
    expect(empty.body).toEqual({ changes: [], nextCursor: '8', hasMore: false });
  });

  it('keeps a waiting connection open past the server\'s idle timeout', async () => {
    const s = await start({ idleTimeoutMs: 500 });
    const answer = await poll(s, 'since=4&wait=2');
    expect([answer.status, answer.body.changes]).toEqual([200, []]);
    expect(answer.answeredAt - answer.sent).toBeGreaterThanOrEqual(1900);
  });
});

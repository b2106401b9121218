import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newStory, SAMPLE_ID } from '../http/harness.js';
import { createTestDatabase, type TestDatabase } from '../store/postgres-db.js';
import { runRojname, startReplica, waitFor, type Replica } from './processes.js';

// Three `rojname serve` processes on one PostgreSQL database, driven over HTTP on loopback.

const SLOW = 240_000;
const ADMIN = 'replica-admin-token';
const PARTNER = 'replica-partner-key';
const BASE_URL = 'https://rojname.example';
const IDENTITY = { 'accept-encoding': 'identity' };

let db: TestDatabase | undefined;
const replicas: Replica[] = [];
afterAll(async () => {
  await Promise.all(replicas.splice(0).map((r) => r.stop()));
  await db?.drop();
});

async function write(replica: Replica, method: 'POST' | 'PUT', path: string, body: unknown, ifMatch?: string): Promise<Response> {
  const res = await fetch(`${replica.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body: JSON.stringify(body),
  });
  expect(res.status, `${method} ${path} on ${replica.name}: ${await res.clone().text()}`).toBe(method === 'POST' ? 201 : 200);
  return res;
}

async function get(replica: Replica, path: string) {
  const res = await fetch(`${replica.baseUrl}${path}`, { headers: { ...IDENTITY, ...(path.startsWith('/newsml/') || path.startsWith('/ninjs/') ? { authorization: `Bearer ${PARTNER}` } : {}) } });
  return { status: res.status, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), surrogateKey: res.headers.get('surrogate-key'), body: await res.text() };
}

/** Everything an output shows, read from every replica: equal when the replicas serve the same state. */
const OUTPUTS = ['/en/rss.xml', '/en/atom.xml', '/en/feed.json', '/ar/rss.xml', '/ckb/atom.xml', '/en/', '/', `/en/articles/replica-a`, `/ar/articles/replica-c`, '/newsml/en/latest.xml', '/ninjs/ar/latest.json'];

describe('stateless replicas on one PostgreSQL database', () => {
  it('a write through any replica is served by every other within 1 s, and all serve the same bytes, ETags and Last-Modified', async () => {
    db = await createTestDatabase();
    const purges: { keys: string[] }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        purges.push(JSON.parse(body) as { keys: string[] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiver.unref();
    const env = {
      ROJNAME_DATABASE_URL: db.url,
      ROJNAME_DB: join(mkdtempSync(join(tmpdir(), 'rojname-replicas-')), 'unused.db'),
      ROJNAME_BASE_URL: BASE_URL,
      ROJNAME_ADMIN_TOKEN: ADMIN,
      ROJNAME_PARTNER_KEYS: `afp:${PARTNER}`,
      ROJNAME_PURGE_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/purge`,
    };
    try {
      expect(await runRojname(['migrate'], env)).toMatchObject({ code: 0, stderr: '' });
      // The first replica seeds the sample story; the others start on a seeded database.
      replicas.push(await startReplica('A', env));
      replicas.push(...(await Promise.all([startReplica('B', env), startReplica('C', env)])));
      const [a, b, c] = replicas as [Replica, Replica, Replica];
      for (const r of replicas) expect(r.output()).toContain(`store PostgreSQL ${db.url}\n`);
      for (const r of replicas) expect(r.output()).toContain(`CDN purges: POST ${env.ROJNAME_PURGE_URL}\n`);

      // 1. A write through each replica in turn; the other two replicas' feeds polled from the moment it answered.
      const lags: number[] = [];
      for (const [i, writer] of [a, b, c, a].entries()) {
        const id = i === 0 ? 'replica-a' : `replica-round-${i}`;
        await write(writer, 'POST', '/api/articles', newStory(id, ['en', 'ckb']));
        const answered = performance.now();
        await Promise.all(
          replicas
            .filter((r) => r !== writer)
            .map((r) =>
              waitFor(`${id} in ${r.name}'s /en/rss.xml`, async () => {
                const shown = (await get(r, '/en/rss.xml')).body.includes(`Headline ${id} en`);
                if (shown) lags.push(performance.now() - answered);
                return shown;
              }),
            ),
        );
      }
      console.log(`a write through one replica → served by another in ${lags.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      for (const ms of lags) expect(ms).toBeLessThan(1000);

      // 2. Writes through the other replicas: an edit through B, a new story and a kill through C.
      const current = await fetch(`${b.baseUrl}/api/articles/replica-a`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const story = (await current.json()) as { localizations: Record<string, { headline: string }> };
      story.localizations.en!.headline = 'Edited through replica B';
      await write(b, 'PUT', '/api/articles/replica-a', story, current.headers.get('etag')!);
      await write(c, 'POST', '/api/articles', newStory('replica-c', ['ar', 'en']));
      const sample = await fetch(`${c.baseUrl}/api/articles/${SAMPLE_ID}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect((await fetch(`${c.baseUrl}/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}`, 'if-match': sample.headers.get('etag')! } })).status).toBe(200);

      // 3. Every replica serves the newest state, and the same bytes and validators for it.
      const last = performance.now();
      for (const path of OUTPUTS) {
        await waitFor(`the replicas agree on ${path}`, async () => {
          const answers = await Promise.all(replicas.map((r) => get(r, path)));
          return answers.every((x) => x.status === 200 && x.etag === answers[0]!.etag && x.body === answers[0]!.body);
        });
      }
      console.log(`three writes through B and C → every output equal on A, B and C within ${(performance.now() - last).toFixed(0)} ms`);
      for (const path of OUTPUTS) {
        const [x, y, z] = await Promise.all(replicas.map((r) => get(r, path)));
        expect(x!.status, path).toBe(200);
        expect(y, path).toEqual(x);
        expect(z, path).toEqual(x);
        expect(x!.lastModified, path).toMatch(/ GMT$/);
      }
      const rss = await get(a, '/en/rss.xml');
      expect(rss.body).toContain('Edited through replica B');
      expect(rss.body).toContain('Headline replica-c en');
      expect(rss.body).not.toContain(`/en/articles/${SAMPLE_ID}<`);
      // The newsMessage's `sent` is the store's last change to what it shows, on every replica alike.
      const sent = await Promise.all(replicas.map(async (r) => /<sent>([^<]+)<\/sent>/.exec((await get(r, '/newsml/en/latest.xml')).body)?.[1]));
      expect(sent[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(new Set(sent).size).toBe(1);

      // 4. Every replica purged the first write's keys once it knew of it (each its own POST).
      await waitFor('three purges naming story:replica-a', async () => purges.filter((p) => p.keys.includes('story:replica-a')).length >= 3);
    } finally {
      const codes = await Promise.all(replicas.splice(0).map((r) => r.stop()));
      expect(codes).toEqual([0, 0, 0]);
      receiver.close();
    }
  }, SLOW);
});

import { mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_LIMITS } from '../../src/http/server.js';
import { openRuntime } from '../../src/runtime.js';
import { dumpStore, openSocket, rawExchange, SERVICE_ADMIN, SERVICE_PARTNER, startService, waitFor, type Service } from './helpers.js';

/**
 * Issue 8, item 2, over real sockets to `rojname serve` as shipped: what only a socket can send
 * (CR/LF and NUL inside values, broken framing, oversized headers) and slow clients. Where Node's
 * parser refuses a request before the app sees it, the answer is still problem+json, of Node's
 * own status; the stories and the change log are unchanged afterwards; the service still answers.
 */

interface RawCase {
  name: string;
  data: string | Buffer;
  /** Expected status; 0: the connection is closed without an answer. */
  status: number;
  /** The parser refused it: our problem+json of its status. */
  problem?: boolean;
}

const A = `Authorization: Bearer ${SERVICE_ADMIN}`;
const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;
const tags = (n: number) => Array.from({ length: n }, (_, i) => `"tag-${i}"`).join(', ');

const RAW: RawCase[] = [
  { name: 'CR inside a header value', data: get('/en/rss.xml', 'X-A: a\rb\r\n'), status: 400, problem: true },
  { name: 'LF inside Authorization, smuggling a header', data: get(`/api/articles/x`, `${A}\nSet-Cookie: a=b\r\n`), status: 400, problem: true },
  { name: 'CR before the line end', data: get('/en/rss.xml', 'X-A: a\r\r\n'), status: 400, problem: true },
  { name: 'NUL inside Authorization', data: get('/api/articles/x', `${A}\0\r\n`), status: 400, problem: true },
  { name: 'NUL inside the path', data: get('/en/\0rss.xml'), status: 400, problem: true },
  { name: 'a header line without a colon', data: get('/en/rss.xml', 'NoColonHere\r\n'), status: 400, problem: true },
  { name: 'a header name with a space', data: get('/en/rss.xml', 'X A: b\r\n'), status: 400, problem: true },
  { name: 'an obsolete folded header', data: get('/en/rss.xml', 'X-A: a\r\n b\r\n'), status: 400, problem: true },
  { name: 'bare LF line ends', data: 'GET /en/rss.xml HTTP/1.1\nHost: x\nConnection: close\n\n', status: 400, problem: true },
  { name: 'a method with a space', data: 'GE T /en/rss.xml HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, problem: true },
  { name: 'a 20,000-character method', data: `${'A'.repeat(20_000)} / HTTP/1.1\r\nHost: x\r\n\r\n`, status: 400, problem: true },
  { name: 'HTTP/9.9', data: 'GET /en/rss.xml HTTP/9.9\r\nHost: x\r\n\r\n', status: 400, problem: true },
  { name: 'a space inside the path', data: 'GET /en/rss .xml HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, problem: true },
  { name: 'raw UTF-8 bytes in the path', data: Buffer.concat([Buffer.from('GET /en/articles/'), Buffer.from('هەولێر'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), status: 400, problem: true },
  { name: 'Content-Length: abc', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Length: abc\r\n\r\n`, status: 400, problem: true },
  { name: 'Content-Length: -1', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Length: -1\r\n\r\n`, status: 400, problem: true },
  { name: 'two different Content-Lengths', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`, status: 400, problem: true },
  { name: 'Content-Length with Transfer-Encoding (smuggling)', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 400, problem: true },
  { name: 'Transfer-Encoding: gzip', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nTransfer-Encoding: gzip\r\n\r\n`, status: 400, problem: true },
  { name: 'a chunk size that is not hex', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`, status: 400, problem: true },
  { name: 'a 20 KB chunk extension', data: `POST /api/articles HTTP/1.1\r\nHost: x\r\n${A}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5;${'a'.repeat(20_000)}\r\nhello\r\n0\r\n\r\n`, status: 413, problem: true },
  { name: 'a valid request, then garbage on the same connection', data: 'GET /en/rss.xml HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n', status: 400, problem: true },
  { name: 'a 20 KB header', data: get('/en/rss.xml', `X-A: ${'a'.repeat(20_000)}\r\n`), status: 431, problem: true },
  { name: 'If-None-Match with 3,000 tags (30 KB)', data: get('/en/rss.xml', `If-None-Match: ${tags(3000)}\r\n`), status: 431, problem: true },
  { name: 'a 100 KB path', data: get(`/${'a'.repeat(100_000)}`), status: 431, problem: true },
  { name: 'a 20 KB Authorization', data: get('/api/articles/x', `Authorization: Bearer ${'k'.repeat(20_000)}\r\n`), status: 431, problem: true },
  // Refused by @hono/node-server before the app: its own empty 400.
  { name: 'no Host', data: 'GET /en/rss.xml HTTP/1.1\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'Host with a space', data: 'GET /en/rss.xml HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'Host with credentials', data: 'GET /en/rss.xml HTTP/1.1\r\nHost: evil@127.0.0.1\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'a backslash in the path', data: get('/en\\rss.xml'), status: 400 },
  // Reach the app.
  { name: 'If-None-Match with 1,400 tags (within the header limit)', data: get('/en/rss.xml', `If-None-Match: ${tags(1400)}\r\n`), status: 200 },
  { name: 'absolute-form target naming another host', data: 'GET http://evil.example/en/rss.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', status: 200 },
  { name: 'raw ../ segments', data: get('/../../etc/passwd'), status: 404 },
  { name: '%2e%2e segments', data: get('/%2e%2e/%2e%2e/etc/passwd'), status: 404 },
  { name: 'TRACE', data: 'TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 404 },
  { name: 'CONNECT to another host', data: 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n', status: 0 },
  { name: 'a JSON record forged into the path', data: get('/en/%0a%7b%22level%22%3a50%2c%22msg%22%3a%22forged%22%7d'), status: 404 },
  { name: 'a partner key in the query string', data: get(`/newsml/changes?key=${SERVICE_PARTNER}&access_token=${SERVICE_PARTNER}`), status: 401 },
  { name: 'a partner key under another scheme', data: get('/newsml/changes', `Authorization: Basic ${SERVICE_PARTNER}\r\n`), status: 401 },
  { name: 'Expect: 100-continue without a token', data: 'POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n{}', status: 401 },
];

let service: Service;
let dbPath: string;
let before: unknown;
beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'rojname-sockets-')), 'r.db');
  service = await startService(dbPath);
  const reader = openRuntime(dbPath);
  before = await dumpStore(reader.store);
  await reader.store.close();
}, 60_000);
afterAll(() => {
  if (service.child.exitCode === null) service.child.kill('SIGKILL');
});

describe('rojname serve, sent what only a socket can send', () => {
  it(`answers each with the right status (${RAW.length} kinds), as problem+json where the parser refused it`, async () => {
    const failures: string[] = [];
    for (const x of RAW) {
      const res = await rawExchange(service.port, x.data);
      // `Expect: 100-continue` is answered twice: 100 first, then the answer.
      const status = res.status === 100 ? Number(/\r\n\r\nHTTP\/1\.1 (\d{3})/.exec(res.raw)?.[1]) : res.status;
      const problems: string[] = [];
      if (status !== x.status) problems.push(`status ${status}, not ${x.status}`);
      if (x.problem) {
        if (res.headers['content-type'] !== 'application/problem+json; charset=utf-8') problems.push(`type ${res.headers['content-type']}`);
        else if ((JSON.parse(res.body) as { status: number }).status !== x.status) problems.push('problem status differs');
        if (!res.closedByServer) problems.push('left open');
      }
      if (/set-cookie|evil/i.test(res.raw.slice(0, res.raw.indexOf('\r\n\r\n')))) problems.push('header injected');
      if (problems.length) failures.push(`${x.name}: ${problems.join('; ')} — ${JSON.stringify(res.raw.slice(0, 200))}`);
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${service.base}/en/rss.xml`)).status).toBe(200);
  }, 60_000);

  it('keeps serving others while hundreds of clients dribble headers or say nothing, and closes those within 20 s', async () => {
    expect(SERVER_LIMITS.headersTimeoutMs + SERVER_LIMITS.checkIntervalMs).toBeLessThanOrEqual(20_000);
    const slow: { socket: Socket; closed: boolean; answer: string; openedAt: number; closedAt: number }[] = [];
    for (let i = 0; i < 300; i++) {
      const socket = await openSocket(service.port);
      const entry = { socket, closed: false, answer: '', openedAt: Date.now(), closedAt: 0 };
      socket.on('data', (c) => (entry.answer += c.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => Object.assign(entry, { closed: true, closedAt: Date.now() }));
      // A third say nothing at all; the others send a request line and then a header every 500 ms.
      if (i % 3 !== 0) socket.write(`GET /en/rss.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      slow.push(entry);
    }
    const dribble = setInterval(() => {
      for (const [i, s] of slow.entries()) if (i % 3 !== 0 && !s.closed) s.socket.write(`X-Slow-${Date.now()}: a\r\n`);
    }, 500);
    try {
      // Others are answered at once (each within a bounded wait), again and again.
      for (let i = 0; i < 20; i++) {
        for (const path of ['/en/rss.xml', '/ar/feed.json', '/newsml/changes']) {
          const res = await fetch(`${service.base}${path}`, { headers: { authorization: `Bearer ${SERVICE_PARTNER}` }, signal: AbortSignal.timeout(10_000) });
          expect(res.status).toBe(200);
          await res.arrayBuffer();
          if (i === 0) expect(slow.filter((s) => s.closed)).toHaveLength(0);
        }
      }
      // Then the server closes every one of them: headers must arrive within 20 s.
      await waitFor('every slow client to be closed', () => (slow.every((s) => s.closed) ? true : undefined), 30_000, 100);
    } finally {
      clearInterval(dribble);
      for (const s of slow) s.socket.destroy();
    }
    expect(Math.max(...slow.map((s) => s.closedAt - s.openedAt))).toBeLessThanOrEqual(20_000);
    const answered = slow.filter((s) => s.answer.startsWith('HTTP/1.1 408 '));
    expect(answered.length).toBeGreaterThan(0);
    expect(answered[0]!.answer).toContain('application/problem+json');
  }, 60_000);

  it('writes one JSON log line per request, which no path can forge or break', async () => {
    const lines = service.output().split('\n').filter((l) => l.startsWith('{'));
    const records = lines.map((l) => JSON.parse(l) as { level: number; msg: string; path?: string });
    expect(records.some((r) => r.msg === 'forged')).toBe(false);
    // Nothing the clients did is an error of ours: no error record, no 5xx.
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
    expect(records.filter((r) => (r as { status?: number }).status! >= 500)).toEqual([]);
    expect(records.some((r) => r.path === '/en/%0a%7b%22level%22%3a50%2c%22msg%22%3a%22forged%22%7d')).toBe(true);
    expect(service.output()).not.toContain(SERVICE_ADMIN);
    expect(service.output()).not.toContain(SERVICE_PARTNER);
  });

  it('leaves the stories and the change log as they were, and stops cleanly', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const reader = openRuntime(dbPath);
    expect(await dumpStore(reader.store)).toEqual(before);
    await reader.store.close();
  }, 30_000);
});

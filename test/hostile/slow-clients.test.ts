import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardServer, serverOptions, type ServerLimits } from '../../src/http/server.js';
import { ADMIN, makeHarness, type Harness } from '../http/harness.js';
import { dumpStore, openSocket, waitFor } from './helpers.js';

/**
 * Issue 8, item 2, slow clients, each deadline on its own (the shipped limits are checked against
 * `rojname serve` in sockets.test.ts): limits short enough to watch, and each test sets the other
 * deadlines far out, so the one it names is the one that closes the connection.
 */

const FAR = 120_000;
let h: Harness;
let before: unknown;
const servers: Server[] = [];

beforeAll(async () => {
  h = await makeHarness();
  before = await dumpStore(h.store);
});
afterAll(async () => {
  for (const s of servers) s.close();
  expect(await dumpStore(h.store)).toEqual(before);
});

async function start(limits: ServerLimits): Promise<number> {
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: serverOptions(limits) }) as Server;
  guardServer(server, limits);
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

/** A client that writes `first`, then `more` every `everyMs` until the server closes the connection. */
async function slowClient(port: number, first: string, more?: string, everyMs = 200): Promise<{ closed: Promise<string>; socket: Socket }> {
  const socket = await openSocket(port);
  let answer = '';
  socket.on('data', (c) => (answer += c.toString('latin1')));
  socket.on('error', () => {});
  socket.write(first);
  const timer = more === undefined ? undefined : setInterval(() => socket.write(more), everyMs);
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    }),
  );
  return { closed, socket };
}

const bounded = <T>(what: string, p: Promise<T>, ms = 10_000) => waitFor(what, async () => Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), 50))]), ms);

describe('slow clients', () => {
  it('dribbling headers: closed at the headers deadline with a 408 problem, however long it keeps sending', async () => {
    const port = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: FAR, idleTimeoutMs: FAR, checkIntervalMs: 100 });
    const client = await slowClient(port, 'GET /en/rss.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n');
    const answer = await bounded('the dribbling client to be closed', client.closed);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request timeout\r\n/);
    expect(answer).toContain('content-type: application/problem+json; charset=utf-8');
  });

  it('a body that stops arriving: closed when the connection has been silent past the idle deadline', async () => {
    const port = await start({ headersTimeoutMs: FAR - 1, requestTimeoutMs: FAR, idleTimeoutMs: 1_000, checkIntervalMs: 100 });
    const head = `POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":`;
    const client = await slowClient(port, head);
    await bounded('the stalled upload to be closed', client.closed);
  });

  it('a body dribbled a byte at a time: closed at the whole-request deadline, though never silent', async () => {
    const port = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, idleTimeoutMs: FAR, checkIntervalMs: 100 });
    const head = `POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
    const client = await slowClient(port, head, ' ');
    await bounded('the dribbled upload to be closed', client.closed);
  });

  it('hundreds of silent or dribbling connections: others are answered at once, every time', async () => {
    const port = await start({ headersTimeoutMs: FAR - 1, requestTimeoutMs: FAR, idleTimeoutMs: FAR, checkIntervalMs: 1_000 });
    const clients = await Promise.all(Array.from({ length: 300 }, (_, i) => slowClient(port, i % 2 ? 'GET /en/rss.xml HTTP/1.1\r\n' : '', i % 2 ? 'X-Slow: a\r\n' : undefined, 500)));
    try {
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/${['en', 'ckb', 'kmr', 'ar'][i % 4]}/atom.xml`, { signal: AbortSignal.timeout(10_000) });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    } finally {
      for (const c of clients) c.socket.destroy();
    }
  }, 60_000);
});

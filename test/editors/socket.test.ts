import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime } from '../../src/runtime.js';
import { ALICE } from './harness.js';

const servers: ServerType[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function start(): Promise<{ port: number; store: ReturnType<typeof openRuntime>['store'] }> {
  const runtime = openRuntime(':memory:');
  const app = createApp({ ...runtime, translator: createTranslator(defaultLanguages), baseUrl: 'http://127.0.0.1', editorTokens: new Map([['alice', ALICE]]), partnerKeys: new Map(), log: () => {} });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { port: (server.address() as AddressInfo).port, store: runtime.store };
}

/** A simple client: writes the head and the whole body, and only then reads the answer. */
async function send(port: number, head: string, body: Buffer, chunked: boolean): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.pause();
  const write = (data: string | Buffer) => new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
  await write(head);
  const piece = 1024 * 1024;
  for (let at = 0; at < body.length; at += piece) {
    const part = body.subarray(at, at + piece);
    await write(chunked ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part);
  }
  if (chunked) await write('0\r\n\r\n');
  return new Promise<string>((resolve, reject) => {
    let data = '';
    socket.on('data', (c) => (data += c.toString('latin1')));
    socket.once('end', () => resolve(data));
    socket.once('error', reject);
    socket.resume();
  });
}

describe('an upload over 20 MiB, over a real socket', () => {
  // A real picture with bytes after it: what would be kept, were it not too large.
  const png = readFileSync(new URL('../media/fixtures/opaque-37x21.png', import.meta.url));
  const body = Buffer.concat([png, Buffer.alloc(21 * 1024 * 1024)]);
  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ])('%s: the client that sends it all receives the 413 problem, and nothing is kept', async (_name, chunked) => {
    const { port, store } = await start();
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`;
    const response = await send(port, `POST /api/media HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ALICE}\r\nContent-Type: image/png\r\n${framing}\r\n\r\n`, body, chunked);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain('application/problem+json');
    expect(response).toContain(`"limitBytes": ${20 * 1024 * 1024}`);
    expect(await store.getMedia(createHash('sha256').update(body).digest('hex'))).toBeUndefined();
  }, 60_000);
});

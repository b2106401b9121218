import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { ADMIN, newStory } from './harness.js';

const translator = createTranslator(defaultLanguages);
const servers: ServerType[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** The real server on a free loopback port, its links pointing at itself. */
async function startServer(options: { maxBodyBytes?: number } = {}): Promise<string> {
  const runtime = openRuntime(':memory:');
  await seedSample(runtime.store);
  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = createApp({ ...runtime, translator, baseUrl: base, adminToken: ADMIN, partnerKeys: new Map(), log: () => {}, ...options });
  return base;
}

describe('the real server', () => {
  it('shows a new story in every feed of its languages, and only there; only those ETags change', async () => {
    const base = await startServer();
    const langs = ['en', 'ckb', 'kmr', 'ar'];
    const files = ['rss.xml', 'atom.xml', 'feed.json'];
    const snapshot = async () => {
      const out: Record<string, { etag: string | null; body: string }> = {};
      for (const l of langs) for (const f of files) {
        const res = await fetch(`${base}/${l}/${f}`);
        out[`${l}/${f}`] = { etag: res.headers.get('etag'), body: await res.text() };
      }
      return out;
    };
    const before = await snapshot();
    const res = await fetch(`${base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(newStory('e2e-story', ['en', 'ckb'])),
    });
    expect(res.status).toBe(201);
    const after = await snapshot();
    for (const l of langs) for (const f of files) {
      const key = `${l}/${f}`;
      const has = ['en', 'ckb'].includes(l);
      expect(after[key]!.body.includes(`Headline e2e-story ${l}`), key).toBe(has);
      expect(after[key]!.etag !== before[key]!.etag, key).toBe(has);
    }
  });

  it('answers an oversized upload with a 413 the sending client receives', async () => {
    const base = await startServer({ maxBodyBytes: 1000 });
    const { port } = new URL(base);
    // A simple client: it writes the whole body, in slow chunks, and only then reads the answer.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.pause();
    const write = (data: string | Buffer) => new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
    const size = 2 * 1024 * 1024;
    await write(`POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < size; sent += chunk.length) {
      await write(chunk);
      await new Promise((r) => setTimeout(r, 25));
    }
    const response = await new Promise<string>((resolve, reject) => {
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.once('end', () => resolve(data));
      socket.once('error', reject);
      socket.resume();
    });
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain('application/problem+json');
    expect(response).toContain('"limitBytes": 1000');
  });
});

describe('rojname serve', () => {
  it('starts on the embedded store, seeds it, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...process.env, PORT: '0', ROJNAME_DB: join(dir, 'r.db'), ROJNAME_ADMIN_TOKEN: 'secret-admin', ROJNAME_PARTNER_KEYS: 'afp:secret-partner' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(out).toContain('seeded "2021-02-18-nato-iraq-mission-eightfold" in en, ar, ckb, kmr');
    expect(out).toContain('partner API keys for: afp');
    expect(out).not.toContain('secret-admin');
    expect(out).not.toContain('secret-partner');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('stopped');
  });
});

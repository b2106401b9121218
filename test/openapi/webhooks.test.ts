import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import type { OpenApi } from '../../src/openapi/types.js';
import { sha256Hex } from '../../src/partners/partner.js';
import { eventually, newStory, sqliteBackend, startServer, testClock, type TestServer } from '../partners/harness.js';
import { newSecret, verifySignature } from '../webhooks/receiver.js';
import { Contract } from './contract.js';

/**
 * The documented `item.changed` webhook against real deliveries: the service on loopback pushes a
 * new story's changes to a receiver here, whose requests must carry the documented headers (each
 * matching its schema), a body the documented schema accepts, and a signature that verifies.
 */

const doc = buildOpenApiDocument(defaultLanguages.tags);
const contract = new Contract(doc);
const SECRET = newSecret(9);
const POST = '/webhooks/item.changed/post';

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

describe('the item.changed webhook', () => {
  it('is delivered as documented: headers, body and signature', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    closing.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const backend = sqliteBackend();
    await backend.reset();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const server: TestServer = await startServer(backend, testClock(), {
      partners: [{ name: 'hooked', keySha256: sha256Hex('hooked-key'), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 600, webhook: { url, secret: SECRET } }],
      webhooks: { timeoutMs: 500, leaseMs: 2000, baseMs: 100, mostMs: 400, storeRetryMs: 100 },
    });
    closing.push(() => server.close());
    expect((await server.post(newStory('openapi-webhook', ['en', 'ar']))).status).toBe(201);
    await eventually(() => received.length >= 2);

    const post = doc.webhooks['item.changed']!.post!;
    const parameters = post.parameters as OpenApi.Parameter[];
    for (const { headers, body } of received) {
      expect(headers['content-type']).toBe('application/json');
      parameters.forEach((p, i) => {
        const value = headers[p.name];
        expect(typeof value, p.name).toBe('string');
        expect(contract.validate(`${POST}/parameters/${i}/schema`, value), p.name).toEqual([]);
      });
      expect(contract.validate(`${POST}/requestBody/content/application~1json/schema`, JSON.parse(body))).toEqual([]);
      expect(verifySignature(SECRET, headers['webhook-id'] as string, headers['webhook-timestamp'] as string, body, headers['webhook-signature'] as string)).toBe(true);
    }
    expect(received.map((r) => (JSON.parse(r.body) as { data: { storyId: string; language: string } }).data)).toEqual([
      expect.objectContaining({ storyId: 'openapi-webhook', language: 'en' }),
      expect.objectContaining({ storyId: 'openapi-webhook', language: 'ar' }),
    ]);
  });

  it('documents a body the event schema refuses as refused', () => {
    expect(contract.validate(`${POST}/requestBody/content/application~1json/schema`, { type: 'item.created', timestamp: 'now', data: {} }).length).toBeGreaterThan(0);
    expect(contract.validate(`${POST}/parameters/2/schema`, 'v1,not base64')).not.toEqual([]);
  });
});

/**
 * The serving benchmark's baseline, run as its own process:
 * `node --import tsx bench/minimal-app.ts RECORDING.json PORT`.
 *
 * Hono on @hono/node-server answering each recorded URL with the service's own bytes and headers from
 * memory: the least any Hono service on Node must do per request. It picks the variant by
 * Accept-Encoding (br, then gzip, then identity, as the service does) and answers 304 to the recorded
 * etag or a recent enough If-Modified-Since. It validates nothing: the cheapest honest equivalent.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Encoding, RecordedVariant, Recording } from './recording.js';

interface Answer {
  status: ContentfulStatusCode;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
  etag: string | undefined;
  lastModified: number;
  notModified: Record<string, string> | undefined;
}

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: minimal-app.ts RECORDING.json PORT');
const recording = JSON.parse(readFileSync(file, 'utf8')) as Recording;

const toAnswer = (v: RecordedVariant): Answer => ({
  status: v.status as ContentfulStatusCode,
  headers: v.headers,
  body: new Uint8Array(Buffer.from(v.body, 'base64')),
  etag: v.headers.etag,
  lastModified: v.headers['last-modified'] ? Date.parse(v.headers['last-modified']) : Number.NaN,
  notModified: v.notModified,
});
const answers = new Map(
  Object.entries(recording).map(([path, variants]) => {
    const byEncoding = Object.fromEntries(Object.entries(variants).map(([encoding, v]) => [encoding, toAnswer(v)]));
    return [path, byEncoding as Record<Encoding, Answer>];
  }),
);

const app = new Hono();
app.get('*', (c) => {
  const url = c.req.url;
  const variants = answers.get(url.slice(url.indexOf('/', url.indexOf('//') + 2)));
  if (!variants) return c.body(null, 404);
  const accept = c.req.header('accept-encoding') ?? '';
  const a = accept.includes('br') ? variants.br : accept.includes('gzip') ? variants.gzip : variants.identity;
  const inm = c.req.header('if-none-match');
  const ims = c.req.header('if-modified-since');
  const fresh = inm !== undefined ? inm === a.etag : ims !== undefined && Date.parse(ims) >= a.lastModified;
  if (fresh && a.notModified) return c.body(null, 304, a.notModified);
  return c.body(a.body, a.status, a.headers);
});

serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' });

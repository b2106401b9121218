import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A partner's webhook endpoint, written here as a partner would: a real HTTP server on loopback
 * that verifies every request by the Standard Webhooks rules (its own code, not rojname's signer):
 * the three headers, a timestamp within five minutes, and the HMAC-SHA256 of
 * `id.timestamp.body` under the base64-decoded secret, compared in constant time with each `v1,`
 * signature of the header. It records every attempt and how many attempts of one webhook-id were
 * under way at once.
 */

/** The Standard Webhooks libraries' default tolerance. */
const TOLERANCE_S = 5 * 60;

export interface Attempt {
  /** The path, which names the partner in these tests. */
  path: string;
  id: string;
  timestamp: number;
  body: string;
  /** The parsed body (the event). */
  event: { type: string; timestamp: string; data: Record<string, unknown> & { cursor: string; storyId: string; language: string; kind: string; newsml: string; ninjs: string } };
  /** The nth attempt of this webhook-id (1 for the first). */
  n: number;
  /** Date.now() when the request's body had arrived, and when it was answered or its connection closed. */
  startedAt: number;
  endedAt?: number;
  /** What it was answered (a status), or how it ended. */
  outcome?: number | 'reset' | 'closed by the sender';
}

/** What to do with one verified attempt. */
export type Reply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'reset' | 'hang';

export interface Receiver {
  readonly port: number;
  url(path: string): string;
  readonly attempts: Attempt[];
  /** Requests that failed verification (each with why): a test expects none. */
  readonly rejected: string[];
  /** The most attempts of one webhook-id that were under way at the same time. */
  readonly mostConcurrent: Map<string, number>;
  /** Decides each reply (default: 200 at once). */
  reply: (a: Attempt) => Reply;
  /** Attempts answered 2xx, in arrival order. */
  delivered(path?: string): Attempt[];
  /** Closes the server and every connection: the receiver is down (connections refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  // The header may carry several space-delimited signatures (a secret being rotated).
  return header.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A receiver on `port` (0: any free one), verifying with each path's secret. */
export async function startReceiver(secrets: Record<string, string>, port = 0): Promise<Receiver> {
  const attempts: Attempt[] = [];
  const rejected: string[] = [];
  const underway = new Map<string, number>();
  const mostConcurrent = new Map<string, number>();
  const seen = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  let server: Server;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const id = String(req.headers['webhook-id'] ?? '');
      const timestamp = String(req.headers['webhook-timestamp'] ?? '');
      const signature = String(req.headers['webhook-signature'] ?? '');
      const secret = secrets[path];
      const why =
        req.method !== 'POST' ? `method ${req.method}`
        : !secret ? `unknown path ${path}`
        : !id || !/^\d+$/.test(timestamp) || !signature ? 'missing webhook headers'
        : Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_S ? `timestamp ${timestamp} outside the tolerance`
        : !verifySignature(secret, id, timestamp, body, signature) ? `bad signature for ${id}`
        : req.headers['content-type'] !== 'application/json' ? `content-type ${req.headers['content-type']}`
        : undefined;
      if (why) {
        rejected.push(why);
        res.writeHead(401).end();
        return;
      }
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      const attempt: Attempt = { path, id, timestamp: Number(timestamp), body, event: JSON.parse(body) as Attempt['event'], n, startedAt: Date.now() };
      attempts.push(attempt);
      const now = (underway.get(id) ?? 0) + 1;
      underway.set(id, now);
      mostConcurrent.set(id, Math.max(mostConcurrent.get(id) ?? 0, now));
      let ended = false;
      const end = (outcome: Attempt['outcome']) => {
        if (ended) return;
        ended = true;
        attempt.endedAt = Date.now();
        attempt.outcome = outcome;
        underway.set(id, underway.get(id)! - 1);
      };
      res.on('close', () => end('closed by the sender'));
      const r = receiver.reply(attempt);
      if (r === 'hang') return;
      if (r === 'reset') {
        end('reset');
        req.socket.destroy();
        return;
      }
      const answer = () => {
        if (res.destroyed) return;
        end(r.status);
        res.writeHead(r.status, r.headers ?? {}).end();
      };
      if (r.delayMs) setTimeout(answer, r.delayMs);
      else answer();
    });
  };

  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer(handle);
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  const bound = await listen(port);
  const receiver: Receiver = {
    port: bound,
    url: (path) => `http://127.0.0.1:${bound}${path}`,
    attempts,
    rejected,
    mostConcurrent,
    reply: () => ({ status: 200 }),
    delivered: (path) => attempts.filter((a) => typeof a.outcome === 'number' && a.outcome >= 200 && a.outcome < 300 && (path === undefined || a.path === path)),
    down: stop,
    up: async () => void (await listen(bound)),
    close: stop,
  };
  return receiver;
}

/** A fresh Standard Webhooks secret. */
export function newSecret(fill: number): string {
  return `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
}

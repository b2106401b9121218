import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small WebSub hub (W3C WebSub, Recommendation 2018-01-23) for the test suite: nothing on npm or in
 * Debian runs one here. It speaks the protocol over loopback as a real hub does:
 * - §5.1 subscribe: `POST` form `hub.mode=subscribe&hub.topic&hub.callback[&hub.secret]` → 202, then
 *   §5.3 verification of intent: `GET callback?hub.mode=subscribe&hub.topic&hub.challenge&hub.lease_seconds`,
 *   active only when the subscriber echoes the challenge;
 * - publish (the publisher's notification, PubSubHubbub 0.4 style): `POST` form `hub.mode=publish&hub.url` →
 *   202, then the hub fetches the topic and §7 delivers it to each subscriber: `POST callback` with the
 *   topic's bytes and content type, `Link: <hub>; rel="hub", <topic>; rel="self"`, and with a secret
 *   `X-Hub-Signature: sha256=<hex HMAC of the body>` (§8).
 */
export interface TestHub {
  url: string;
  /** Every publish notification received, in order. */
  publishes: { url: string; at: number }[];
  /** Answer publish notifications with this status instead of 202 (e.g. 500 to test retries). */
  failNext(status: number, times: number): void;
  /** Resolves once `topic` has an active (verified) subscription for `callback`. */
  subscribed(topic: string, callback: string): Promise<void>;
  close(): Promise<void>;
}

interface Subscription {
  topic: string;
  callback: string;
  secret?: string;
  active: boolean;
}

export async function startHub(): Promise<TestHub> {
  const subscriptions: Subscription[] = [];
  const publishes: { url: string; at: number }[] = [];
  const waiters: (() => void)[] = [];
  let failures: { status: number; times: number } | undefined;
  let url = '';

  // A peer that went away mid-exchange (the suite closing servers) is no error of the hub's.
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.headersSent || res.writeHead(502).end()));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      res.writeHead(400).end('form-encoded POST only');
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const mode = form.get('hub.mode');
    if (mode === 'subscribe') {
      const topic = form.get('hub.topic');
      const callback = form.get('hub.callback');
      if (!topic || !callback) {
        res.writeHead(400).end('hub.topic and hub.callback are required');
        return;
      }
      res.writeHead(202).end();
      const sub: Subscription = { topic, callback, active: false, ...(form.get('hub.secret') ? { secret: form.get('hub.secret')! } : {}) };
      await verify(sub);
      return;
    }
    if (mode === 'publish') {
      const topic = form.get('hub.url');
      if (!topic) {
        res.writeHead(400).end('hub.url is required');
        return;
      }
      publishes.push({ url: topic, at: Date.now() });
      if (failures && failures.times > 0) {
        failures.times -= 1;
        res.writeHead(failures.status).end('try again');
        return;
      }
      res.writeHead(202).end();
      await distribute(topic);
      return;
    }
    res.writeHead(400).end(`unknown hub.mode ${mode}`);
  }

  async function verify(sub: Subscription): Promise<void> {
    const challenge = randomBytes(12).toString('hex');
    const check = new URL(sub.callback);
    check.searchParams.set('hub.mode', 'subscribe');
    check.searchParams.set('hub.topic', sub.topic);
    check.searchParams.set('hub.challenge', challenge);
    check.searchParams.set('hub.lease_seconds', '3600');
    const res = await fetch(check);
    const body = await res.text();
    if (!res.ok || body !== challenge) return;
    sub.active = true;
    subscriptions.push(sub);
    for (const wake of waiters.splice(0)) wake();
  }

  async function distribute(topic: string): Promise<void> {
    const content = await fetch(topic);
    const body = Buffer.from(await content.arrayBuffer());
    for (const sub of subscriptions.filter((s) => s.active && s.topic === topic)) {
      const headers: Record<string, string> = {
        'content-type': content.headers.get('content-type') ?? 'application/octet-stream',
        link: `<${url}>; rel="hub", <${topic}>; rel="self"`,
      };
      if (sub.secret) headers['x-hub-signature'] = `sha256=${createHmac('sha256', sub.secret).update(body).digest('hex')}`;
      await fetch(sub.callback, { method: 'POST', headers, body });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    publishes,
    failNext(status, times) {
      failures = { status, times };
    },
    async subscribed(topic, callback) {
      const until = Date.now() + 10_000;
      while (!subscriptions.some((s) => s.active && s.topic === topic && s.callback === callback)) {
        if (Date.now() > until) throw new Error(`no verified subscription to ${topic}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A subscriber's callback endpoint: confirms its own subscriptions, checks every signature. */
export interface TestSubscriber {
  callback: string;
  /** Deliveries whose signature matched, newest last. */
  deliveries: { topic: string | undefined; contentType: string | undefined; body: string }[];
  /** Deliveries refused for a missing or wrong signature. */
  rejected: number;
  /** Asks `hub` to subscribe this callback to `topic` with `secret`. */
  subscribe(hub: string, topic: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSubscriber(secret: string): Promise<TestSubscriber> {
  const wanted = new Set<string>();
  const deliveries: TestSubscriber['deliveries'] = [];
  const state = { rejected: 0 };
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET') {
        // §5.3: confirm only what we asked for.
        const topic = u.searchParams.get('hub.topic') ?? '';
        if (u.searchParams.get('hub.mode') === 'subscribe' && wanted.has(topic)) res.writeHead(200, { 'content-type': 'text/plain' }).end(u.searchParams.get('hub.challenge'));
        else res.writeHead(404).end();
        return;
      }
      const body = Buffer.from(await readBody(req), 'latin1');
      const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      if (req.headers['x-hub-signature'] !== expected) {
        state.rejected += 1;
        // §8: a delivery with a wrong signature is acknowledged and ignored.
        res.writeHead(202).end();
        return;
      }
      const self = /<([^>]+)>;\s*rel="self"/.exec(String(req.headers.link ?? ''))?.[1];
      deliveries.push({ topic: self, contentType: req.headers['content-type'], body: body.toString('utf8') });
      res.writeHead(202).end();
    })().catch(() => res.headersSent || res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return {
    callback,
    deliveries,
    get rejected() {
      return state.rejected;
    },
    async subscribe(hub, topic) {
      wanted.add(topic);
      const res = await fetch(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': callback, 'hub.secret': secret }).toString(),
      });
      if (res.status !== 202) throw new Error(`hub refused the subscription: ${res.status}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The raw body (latin1, so bytes survive for signature checks; form bodies are ASCII). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    req.on('error', reject);
  });
}

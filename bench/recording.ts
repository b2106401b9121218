import { request } from 'node:http';

/**
 * What the serving benchmark's baseline replays: the service's own answers, recorded once over HTTP
 * before the rounds, so the minimal app sends the same bytes and headers from memory.
 */

export type Encoding = 'identity' | 'gzip' | 'br';

/** The `Accept-Encoding` each recorded variant is asked with (none for identity). */
export const ACCEPT: Record<Encoding, Record<string, string>> = {
  identity: {},
  gzip: { 'accept-encoding': 'gzip' },
  br: { 'accept-encoding': 'br' },
};

/** A response as it went over the wire; `body` is base64 of the bytes sent (still compressed). */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecordedVariant extends RecordedResponse {
  /** Headers of the service's 304 to the same request with `If-None-Match` its etag; absent if it did not answer 304. */
  notModified?: Record<string, string>;
}

/** Path (with its query) → the service's answer for each encoding. */
export type Recording = Record<string, Record<Encoding, RecordedVariant>>;

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Connection-level headers, which belong to the connection that carried them, not to the response. */
const NOT_RECORDED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** GET over node:http rather than fetch, so a compressed body stays as the server sent it. */
export function getRaw(url: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const kept = Object.entries(res.headers).filter(([name, value]) => value !== undefined && !NOT_RECORDED.has(name));
        resolve({
          status: res.statusCode!,
          headers: Object.fromEntries(kept.map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value!])),
          body: Buffer.concat(chunks),
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Records one URL in every encoding, with the 304 each variant's etag earns. */
export async function recordPath(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Record<Encoding, RecordedVariant>> {
  const record = async (encoding: Encoding): Promise<RecordedVariant> => {
    const asked = { ...headers, ...ACCEPT[encoding] };
    const res = await getRaw(`${baseUrl}${path}`, asked);
    const variant: RecordedVariant = { status: res.status, headers: res.headers, body: res.body.toString('base64') };
    const etag = res.headers.etag;
    if (etag) {
      const again = await getRaw(`${baseUrl}${path}`, { ...asked, 'if-none-match': etag });
      if (again.status === 304) variant.notModified = again.headers;
    }
    return variant;
  };
  return { identity: await record('identity'), gzip: await record('gzip'), br: await record('br') };
}

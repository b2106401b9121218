import { newStory } from '../http/harness.js';
import { SERVICE_ADMIN, SERVICE_PARTNER } from '../hostile/helpers.js';

/** Requests of one class of client: every status seen, and every latency (ms). */
export class Recorder {
  readonly statuses = new Map<number, number>();
  readonly latencies: number[] = [];
  constructor(readonly name: string) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const started = performance.now();
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const body = await res.arrayBuffer();
    this.latencies.push(performance.now() - started);
    this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
    // The body is read once here, so callers can read it again.
    return new Response(res.status === 304 ? null : body, { status: res.status, headers: res.headers });
  }

  summary(): { class: string; requests: number; p50: number; p99: number; statuses: Record<number, number> } {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
    return { class: this.name, requests: sorted.length, p50: at(0.5), p99: at(0.99), statuses: Object.fromEntries(this.statuses) };
  }

  count5xx(): number {
    return [...this.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }
}

export const adminHeaders = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${SERVICE_ADMIN}`, ...extra });
export const partnerHeaders = { authorization: `Bearer ${SERVICE_PARTNER}` };

export interface Change {
  cursor: string;
  storyId: string;
  language: string;
  version: number;
  kind: string;
}

/** Follows the change feed from `cursor` to its end; returns the changes and the cursor to go on from. */
export async function followChanges(rec: Recorder, base: string, cursor: string): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  for (;;) {
    const res = await rec.fetch(`${base}/newsml/changes?since=${cursor}`, { headers: partnerHeaders });
    if (res.status !== 200) throw new Error(`changes since ${cursor}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { changes: Change[]; nextCursor: string; hasMore: boolean };
    changes.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

/** A story for the soak runs: English and Arabic, published at `published`. */
export function soakStory(id: string, published: string, headline = `Headline ${id}`) {
  const story = newStory(id, ['en', 'ar'], { published }) as ReturnType<typeof newStory> & { localizations: Record<string, { headline: string }> };
  story.localizations.en!.headline = headline;
  return story;
}

/** A write the service acknowledged: the story is at `version`, with `marker` as its English headline. */
export interface Ack {
  id: string;
  version: number;
  marker: string;
}

/**
 * Read-modify-write with If-Match: reads the story, sets its English headline to `marker`, puts it
 * back; on 412 (someone else wrote first) reads again and retries. Resolves with the acknowledgement.
 */
export async function editStory(rec: Recorder, base: string, id: string, marker: string, maxTries = 100): Promise<Ack> {
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const got = await rec.fetch(`${base}/api/articles/${id}`, { headers: adminHeaders() });
    if (got.status !== 200) throw new Error(`GET ${id}: ${got.status}`);
    const story = (await got.json()) as { version: number; localizations: Record<string, { headline: string }> };
    story.localizations.en!.headline = marker;
    const put = await rec.fetch(`${base}/api/articles/${id}`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json', 'if-match': got.headers.get('etag')! }),
      body: JSON.stringify(story),
    });
    if (put.status === 412) continue;
    if (put.status !== 200) throw new Error(`PUT ${id}: ${put.status} ${await put.text()}`);
    const { version } = (await put.json()) as { version: number };
    return { id, version, marker };
  }
  throw new Error(`PUT ${id}: still 412 after ${maxTries} tries`);
}

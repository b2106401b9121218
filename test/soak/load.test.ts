import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../hostile/helpers.js';
import { adminHeaders, editStory, followChanges, partnerHeaders, Recorder, soakStory, type Ack, type Change } from './clients.js';

/**
 * Issue 8, item 3: a bounded mixed run over loopback against `rojname serve` — readers polling the
 * feeds with validators, partners following the change cursor, editors doing read-modify-write with
 * If-Match (412 retried) on stories they share. Zero 5xx; every acknowledged write readable through
 * the API, in the feeds when among the 30 newest, and in the change feed exactly once per story,
 * language and item version. p50/p99 per class are printed.
 */

const STORIES = 40;
const EDITORS = 4;
const WRITES_PER_EDITOR = 30;
const READERS = 4;
const PARTNERS = 2;
/** Stories the editors write to; the first few are shared by all of them, so their writes collide. */
const HOT = 4;

let service: Service | undefined;
afterAll(() => service?.child.kill('SIGKILL'));

const idOf = (i: number) => `soak-${String(i).padStart(2, '0')}`;
// Story i is published i hours after the first: the 30 newest are 10…39.
const publishedOf = (i: number) => new Date(Date.UTC(2026, 0, 1, i)).toISOString();

describe('a bounded mixed load', () => {
  it('has no 5xx and loses no acknowledged update', async () => {
    const started = performance.now();
    service = await startService(join(mkdtempSync(join(tmpdir(), 'rojname-load-')), 'r.db'));
    const { base } = service;
    const setup = new Recorder('setup');
    for (let i = 0; i < STORIES; i++) {
      const res = await setup.fetch(`${base}/api/articles`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(soakStory(idOf(i), publishedOf(i))) });
      expect(res.status).toBe(201);
    }

    const readers = new Recorder('reader');
    const partners = new Recorder('partner');
    const editors = new Recorder('editor');
    const acks: Ack[] = [];
    let editing = true;

    // Editors: each writes to the shared hot stories and to stories of its own, old and new.
    const editorRuns = Array.from({ length: EDITORS }, async (_, e) => {
      for (let n = 0; n < WRITES_PER_EDITOR; n++) {
        const i = n % 2 === 0 ? n % HOT : HOT + ((e * WRITES_PER_EDITOR + n) % (STORIES - HOT));
        acks.push(await editStory(editors, base, idOf(i), `marker-e${e}-n${n}-${idOf(i)}`));
      }
    });
    // Readers: poll every feed with If-None-Match, as a feed reader does.
    const readerRuns = Array.from({ length: READERS }, async (_, r) => {
      const etags = new Map<string, string>();
      const urls = ['en', 'ar'].flatMap((l) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${base}/${l}/${f}`));
      for (let n = 0; editing; n++) {
        const url = urls[(n + r) % urls.length]!;
        const res = await readers.fetch(url, { headers: etags.has(url) ? { 'if-none-match': etags.get(url)! } : {} });
        expect([200, 304]).toContain(res.status);
        if (res.status === 200) etags.set(url, res.headers.get('etag')!);
      }
    });
    // Partners: follow the change cursor from the start, again and again.
    const seen: Change[][] = Array.from({ length: PARTNERS }, () => []);
    const partnerRuns = Array.from({ length: PARTNERS }, async (_, p) => {
      let cursor = '0';
      while (editing) {
        const page = await followChanges(partners, base, cursor);
        seen[p]!.push(...page.changes);
        cursor = page.cursor;
        await new Promise((r) => setTimeout(r, 20));
      }
      const rest = await followChanges(partners, base, cursor);
      seen[p]!.push(...rest.changes);
    });
    await Promise.all(editorRuns);
    editing = false;
    await Promise.all([...readerRuns, ...partnerRuns]);
    const runMs = performance.now() - started;

    const table = [setup, editors, readers, partners].map((r) => r.summary());
    console.log(`load run: ${Math.round(runMs)} ms\n${table.map((t) => `  ${t.class.padEnd(8)} ${String(t.requests).padStart(6)} requests  p50 ${t.p50} ms  p99 ${t.p99} ms  ${JSON.stringify(t.statuses)}`).join('\n')}`);
    for (const r of [setup, editors, readers, partners]) expect(r.count5xx(), r.name).toBe(0);
    expect(editors.statuses.get(412) ?? 0).toBeGreaterThan(0);
    expect(acks).toHaveLength(EDITORS * WRITES_PER_EDITOR);

    const check = new Recorder('check');
    // Through the API: each story is at its last acknowledged version, with its headline; the
    // acknowledged versions of a story are exactly 2…latest, so no write was lost or doubled.
    const byStory = new Map<string, Ack[]>();
    for (const a of acks) byStory.set(a.id, [...(byStory.get(a.id) ?? []), a]);
    const latest = new Map<string, Ack>();
    for (const [id, list] of byStory) {
      const versions = list.map((a) => a.version).sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, k) => k + 2));
      const last = list.find((a) => a.version === versions.at(-1))!;
      latest.set(id, last);
      const res = await check.fetch(`${base}/api/articles/${id}`, { headers: adminHeaders() });
      const story = (await res.json()) as { version: number; localizations: { en: { headline: string } } };
      expect([story.version, story.localizations.en.headline]).toEqual([last.version, last.marker]);
    }
    // Every acknowledged version, readable as the English item version it made.
    for (const a of acks) {
      const res = await check.fetch(`${base}/newsml/items/${a.id}/en.xml?version=${a.version}`, { headers: partnerHeaders });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(a.marker);
    }
    // In the feeds: the 30 newest stories with their latest headline, the others not at all.
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      const feed = await (await check.fetch(`${base}/en/${file}`)).text();
      for (let i = 0; i < STORIES; i++) {
        const headline = latest.get(idOf(i))?.marker ?? `Headline ${idOf(i)}`;
        expect(feed.includes(`${idOf(i)}`), `${file} ${idOf(i)}`).toBe(i >= STORIES - 30);
        if (i >= STORIES - 30) expect(feed, `${file} ${idOf(i)}`).toContain(headline);
      }
    }
    // In the change feed: once per story, language and item version, for every partner, in order.
    const all = (await followChanges(check, base, '0')).changes;
    const key = (c: Change) => `${c.storyId} ${c.language} ${c.version}`;
    expect(new Set(all.map(key)).size).toBe(all.length);
    for (const a of acks) expect(all.filter((c) => key(c) === `${a.id} en ${a.version}`)).toHaveLength(1);
    for (let i = 0; i < STORIES; i++) expect(all.filter((c) => c.storyId === idOf(i) && c.language === 'ar')).toHaveLength(1);
    for (const s of seen) expect(s).toEqual(all);
    expect(check.count5xx()).toBe(0);
  }, 120_000);
});

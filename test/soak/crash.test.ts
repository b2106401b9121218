import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/runtime.js';
import { ROOT, startService, TSX, type Service } from '../hostile/helpers.js';
import { adminHeaders, editStory, followChanges, Recorder, soakStory, type Ack, type Change } from './clients.js';

/**
 * Issue 8, item 4: `rojname serve` is killed (SIGKILL) during a burst of concurrent writes and
 * restarted on the same file, three times. Every write acknowledged before a kill is there, none
 * is half-applied, PRAGMA integrity_check is ok, and a partner following the change cursor across
 * the restarts misses no change and sees none twice.
 *
 * What makes it hold: each write is one SQLite transaction (version, language rows and change-log
 * rows together), answered only after its COMMIT, and in WAL mode a commit is in the WAL file (the
 * operating system's, once written) before COMMIT returns; a killed process loses only what it had
 * not committed. (With synchronous=NORMAL the WAL is not fsynced at each commit: a power loss, not
 * a process crash, may lose the last commits.)
 */

const ROUNDS = 3;
const WRITERS = 8;
const SEED_STORIES = 12;

let service: Service | undefined;
afterAll(() => service?.child.kill('SIGKILL'));

describe('SIGKILL during a burst of writes, three times', () => {
  it('keeps every acknowledged write, whole; the partner cursor sees every change once', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'rojname-crash-')), 'r.db');
    service = await startService(dbPath);
    const rec = new Recorder('writer');
    const acks: Ack[] = [];
    for (let i = 0; i < SEED_STORIES; i++) {
      const res = await rec.fetch(`${service.base}/api/articles`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(soakStory(`crash-${i}`, new Date(Date.UTC(2026, 1, 1, i)).toISOString(), `created crash-${i}`)) });
      expect(res.status).toBe(201);
      acks.push({ id: `crash-${i}`, version: 1, marker: `created crash-${i}` });
    }

    // The partner: follows the cursor whichever process is up, waiting out the restarts.
    const partner = new Recorder('partner');
    const seen: Change[] = [];
    let cursor = '0';
    let following = true;
    const follow = (async () => {
      while (following) {
        try {
          const page = await followChanges(partner, service!.base, cursor);
          seen.push(...page.changes);
          cursor = page.cursor;
        } catch {
          /* the service is down: try again */
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    })();

    let created = SEED_STORIES;
    for (let round = 1; round <= ROUNDS; round++) {
      const { base, child } = service;
      let burst = true;
      const acksBefore = acks.length;
      // Writers: read-modify-write on shared stories and new stories, as fast as they go, until the kill.
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 0; burst; n++) {
          try {
            if (n % 4 === 3) {
              const id = `crash-${created++}`;
              const res = await rec.fetch(`${base}/api/articles`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(soakStory(id, new Date(Date.UTC(2026, 1, 2, 0, created)).toISOString(), `created ${id}`)) });
              if (res.status === 201) acks.push({ id, version: ((await res.json()) as { version: number }).version, marker: `created ${id}` });
            } else {
              acks.push(await editStory(rec, base, `crash-${(w + n) % SEED_STORIES}`, `round${round}-w${w}-n${n}`));
            }
          } catch {
            return; // killed under us: this write was never acknowledged
          }
        }
      });
      // Kill mid-burst, once enough writes were acknowledged that some are surely in flight.
      while (acks.length < acksBefore + 40) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      burst = false;
      await service.exited;
      await Promise.all(writers);
      service = await startService(dbPath);
      // Right after the restart, through the API: every acknowledged write is there.
      for (const a of latestAcks(acks)) {
        const res = await rec.fetch(`${service.base}/api/articles/${a.id}`, { headers: adminHeaders() });
        expect(res.status, a.id).toBe(200);
        const story = (await res.json()) as { version: number; localizations: { en: { headline: string } } };
        // A write in flight at the kill may have committed without its answer: later, never earlier.
        expect(story.version, a.id).toBeGreaterThanOrEqual(a.version);
        if (story.version === a.version) expect(story.localizations.en.headline).toBe(a.marker);
      }
    }
    // Let the partner catch up with the last process, then stop everything.
    const final = await followChanges(new Recorder('check'), service.base, '0');
    await waitUntil(() => seen.length >= final.changes.length);
    following = false;
    await follow;
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(halfApplied(db)).toEqual([]);
    } finally {
      db.close();
    }
    // Every acknowledged write, at its version, with its headline.
    const reader = openRuntime(dbPath);
    try {
      for (const a of acks) {
        const story = await reader.store.get(a.id, a.version);
        expect(story?.localizations.en?.headline, `${a.id} v${a.version}`).toBe(a.marker);
      }
      // The partner saw every change in the log, in order, exactly once, across three kills.
      const log = await reader.store.changes(0, Number.MAX_SAFE_INTEGER);
      expect(seen.map((c) => Number(c.cursor))).toEqual(log.map((c) => c.seq));
      expect(seen.map((c) => `${c.storyId} ${c.language} ${c.version}`)).toEqual(log.map((c) => `${c.articleId} ${c.language} ${c.itemVersion}`));
    } finally {
      await reader.store.close();
    }
    expect(acks.length).toBeGreaterThanOrEqual(SEED_STORIES + ROUNDS * 40);
    expect(rec.count5xx() + partner.count5xx()).toBe(0);
    console.log(`crash run: ${acks.length} acknowledged writes over ${ROUNDS} kills; partner saw ${seen.length} changes`);
  }, 180_000);

  // The service spends most of its time rendering, so a kill often lands between writes. This
  // process does nothing but write: killed at any moment, it is almost surely inside one.
  it('never leaves a write half-applied when the process dies inside one (five kills of a writing loop)', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'rojname-loop-')), 'r.db');
    const acks: Ack[] = [];
    for (let k = 0; k < 5; k++) {
      const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'test/soak/write-loop.ts'), dbPath, `k${k}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await waitUntil(() => out.split('\n').length > 30 || child.exitCode !== null, 30_000);
      await new Promise((r) => setTimeout(r, k * 7));
      child.kill('SIGKILL');
      await exited;
      expect(err).toBe('');
      // Only whole lines: a line cut by the kill was never acknowledged.
      for (const line of out.split('\n').slice(0, -1)) {
        const [, id, version, marker] = line.split(' ');
        acks.push({ id: id!, version: Number(version), marker: marker! });
      }
    }
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(halfApplied(db)).toEqual([]);
    } finally {
      db.close();
    }
    const reader = openRuntime(dbPath);
    try {
      for (const a of acks) expect((await reader.store.get(a.id, a.version))?.localizations.en?.headline, `${a.id} v${a.version}`).toBe(a.marker);
    } finally {
      await reader.store.close();
    }
  }, 120_000);
});

/**
 * Stories some write reached only in part: the story's row not naming its last version, a version
 * without its change-log entry, a language row ahead of or behind the log, or a gap in the versions.
 */
function halfApplied(db: Database.Database): unknown[] {
  return db
    .prepare(
      `SELECT a.id FROM articles a WHERE a.version <> (SELECT max(version) FROM article_versions v WHERE v.id = a.id)
       UNION ALL SELECT v.id FROM article_versions v WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = v.id AND c.lang = 'en' AND c.article_version = v.version)
       UNION ALL SELECT l.id FROM article_languages l WHERE l.item_version <> (SELECT max(item_version) FROM changes c WHERE c.id = l.id AND c.lang = l.lang)
       UNION ALL SELECT id FROM article_versions GROUP BY id HAVING count(*) <> max(version)
       UNION ALL SELECT id FROM article_versions v WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = v.id)`,
    )
    .all();
}

/** The last acknowledged write of each story. */
function latestAcks(acks: Ack[]): Ack[] {
  const last = new Map<string, Ack>();
  for (const a of acks) if ((last.get(a.id)?.version ?? 0) < a.version) last.set(a.id, a);
  return [...last.values()];
}

async function waitUntil(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

import type pg from 'pg';
import type { Article } from '../../src/article/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { appendChange, endChangeLogTurn, takeChangeLogTurn } from '../../src/store/postgres-log.js';
import { PostgresArticleStore } from '../../src/store/postgres.js';
import type { Change } from '../../src/store/store.js';
import type { LanguageWrite } from '../../src/store/versions.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { createTestDatabase, emptyStore, type TestDatabase } from './postgres-db.js';

/**
 * A partner follows the change log with a cursor ("the changes after N"). It must never miss a
 * change, even when transactions on different replicas commit out of the order their positions
 * were taken in. See src/store/postgres-log.ts for the mechanism: positions are taken under the
 * change log's head row lock, so in commit order.
 */

const checkArticle = createArticleChecker(defaultLanguages);
let db: TestDatabase;
const stores: PostgresArticleStore[] = [];
beforeAll(async () => {
  db = await createTestDatabase({ migrate: true });
});
afterAll(() => db?.drop());
beforeEach(() => emptyStore(db));
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
async function open(): Promise<PostgresArticleStore> {
  const store = await PostgresArticleStore.open({ connectionString: db.url, checkArticle });
  stores.push(store);
  return store;
}

/** A partner following the cursor: reads the changes after the last one it saw, as often as asked. */
function follower(store: PostgresArticleStore, page = 100) {
  let cursor = 0;
  const seen: number[] = [];
  return {
    seen,
    async read(): Promise<void> {
      for (;;) {
        const changes = await store.changes(cursor, page);
        for (const c of changes) {
          seen.push(c.seq);
          cursor = c.seq;
        }
        if (changes.length < page) return;
      }
    },
  };
}

const change = (id: string): LanguageWrite => ({ id, lang: 'en', itemVersion: 1, articleVersion: 1, fingerprint: 'f', status: 'usable', embargo: null, sort: 0, at: 0, kind: 'new', liftDue: null });

/** How a write transaction appends one change (and whatever it must do before it commits). */
interface Appender {
  append(client: pg.Client, id: string): Promise<void>;
}

/** The store's way: take the turn at the head row, append after it, move the head. */
const headLock: Appender = {
  async append(client, id) {
    const turn = await takeChangeLogTurn(client);
    await appendChange(client, turn, change(id));
    await endChangeLogTurn(client, turn);
  },
};

/** What the head lock replaces: positions from a plain sequence, taken at insert time. */
const plainSequence: Appender = {
  async append(client, id) {
    await client.query(`INSERT INTO changes (seq, id, lang, item_version, article_version, pub_status, kind, at_ms) VALUES (nextval('plain_change_seq'), $1, 'en', 1, 1, 'usable', 'new', 0)`, [id]);
  },
};

const settle = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => 'done' as const), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms))]);

/**
 * Two write transactions held open, on two connections (two replicas): A takes its position
 * first, B second, and B tries to commit first. A partner reads the log at every step.
 */
async function outOfOrderCommits(appender: Appender) {
  const partner = follower(await open());
  const a = await db.connect();
  const b = await db.connect();
  await a.query('BEGIN');
  await appender.append(a, 'from-a');
  await b.query('BEGIN');
  const bAppended = appender.append(b, 'from-b');
  // B either waits for A (the head lock) or has its position already (a sequence) and commits first.
  const bWaited = (await settle(bAppended, 300)) === 'waiting';
  if (!bWaited) await b.query('COMMIT');
  await partner.read();
  const seenWhileAOpen = [...partner.seen];
  await a.query('COMMIT');
  await partner.read();
  if (bWaited) {
    await bAppended;
    await partner.read();
    await b.query('COMMIT');
  }
  await partner.read();
  const committed = (await db.query<{ seq: number }>('SELECT seq::int AS seq FROM changes ORDER BY seq')).map((r) => r.seq);
  return { bWaited, seenWhileAOpen, seen: partner.seen, committed };
}

describe('a change cursor partners can trust across replicas', () => {
  it('B waits for A: positions are taken in commit order, so the partner sees 1 before 2 and misses nothing', async () => {
    expect(await outOfOrderCommits(headLock)).toEqual({ bWaited: true, seenWhileAOpen: [], seen: [1, 2], committed: [1, 2] });
  });
  it('(control) with a plain sequence the same commits skip position 1 for good: what the test above guards against', async () => {
    await db.query('DROP SEQUENCE IF EXISTS plain_change_seq; CREATE SEQUENCE plain_change_seq');
    const result = await outOfOrderCommits(plainSequence);
    expect(result.bWaited).toBe(false);
    // The partner saw 2 while 1 was still open, moved its cursor past 1, and never saw it.
    expect(result.seenWhileAOpen).toEqual([2]);
    expect(result.committed).toEqual([1, 2]);
    expect(result.seen).toEqual([2]);
  });
  it('gives a rolled-back write\'s position to the next write: no gaps', async () => {
    const a = await db.connect();
    await a.query('BEGIN');
    await headLock.append(a, 'rolled-back');
    await a.query('ROLLBACK');
    await a.query('BEGIN');
    await headLock.append(a, 'kept');
    await a.query('COMMIT');
    expect(await db.query('SELECT seq::int AS seq, id FROM changes')).toEqual([{ seq: 1, id: 'kept' }]);
  });

  it('concurrent writers on three replicas: a partner following the cursor throughout sees every change once, in order', async () => {
    const replicas = [await open(), await open(), await open()];
    const watched = replicas.map((r) => {
      const seen: Change[] = [];
      r.watch((changes) => seen.push(...changes));
      return seen;
    });
    const partner = follower(await open(), 7);
    let writing = true;
    const following = (async () => {
      while (writing) {
        await partner.read();
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const languages = ['en', 'ar', 'ckb', 'kmr'];
    // 20 stories per replica, each created, then updated in one language, all at once.
    const written = await Promise.all(
      replicas.map(async (store, r) => {
        const done: Article[] = [];
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const lang = languages.slice(0, 1 + ((r + i) % 4));
            const id = `r${r}-story-${i}`;
            const v1 = await store.create(makeArticle({ id, localizations: Object.fromEntries(lang.map((l) => [l, makeLocalization({ slug: `${id}-${l}` })])) }));
            const v2 = await store.update(id, { ...v1, localizations: { ...v1.localizations, en: makeLocalization({ headline: `Updated ${id}` }) } }, 1);
            done.push(v1, v2);
          }),
        );
        return done;
      }),
    );
    writing = false;
    await following;
    await partner.read();

    const log = await replicas[0]!.changes(0, 10_000);
    const expected = written.flat().reduce((n, a) => n + (a.version === 1 ? Object.keys(a.localizations).length : 1), 0);
    expect(log).toHaveLength(expected);
    // Gap-free and in order, and the partner saw exactly that, each once.
    expect(log.map((c) => c.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    expect(partner.seen).toEqual(log.map((c) => c.seq));
    // The log follows versionCreated: writes took their turns one at a time.
    const at = log.map((c) => Date.parse(c.at));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    const stamps = written.flat().map((a) => a.versionCreated);
    expect(new Set(stamps).size).toBe(stamps.length);
    // Every replica's watchers are told of every change, once, in log order.
    for (const seen of watched) {
      await new Promise<void>((resolve, reject) => {
        const until = Date.now() + 10_000;
        const check = () => (seen.length >= expected ? resolve() : Date.now() > until ? reject(new Error('timed out')) : setTimeout(check, 20));
        check();
      });
      expect(seen.map((c) => c.seq)).toEqual(log.map((c) => c.seq));
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/runtime.js';
import { SQLITE_PRAGMAS } from '../../src/store/sqlite.js';

/**
 * Issue 8, item 4, the promise: an acknowledged write survives a crash of the process (crash.test.ts
 * kills it) and a power loss. The second cannot be tested here; it rests on the WAL being fsynced at
 * every commit (synchronous=FULL), which this pins.
 */
describe('the durability the store promises', () => {
  it('fsyncs the write-ahead log at every commit', () => {
    expect(SQLITE_PRAGMAS).toContain('synchronous = FULL');
    expect(SQLITE_PRAGMAS).toContain('journal_mode = WAL');
  });

  it('leaves the file in WAL mode, for every process that opens it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-durable-')), 'r.db');
    const { store } = openRuntime(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

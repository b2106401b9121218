import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import { makeArticle } from '../fixtures/articles.js';

/** Migration 5 fills the topic index from the stories already stored. */
describe('migration 5 (topic index)', () => {
  it('indexes every usable language version of a store written before it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-topics-')), 'r.db');
    const open = () => new SqliteArticleStore({ path, checkArticle: createArticleChecker(defaultLanguages), clock: () => new Date('2026-03-01T09:00:00Z') });
    const store = open();
    await store.create(makeArticle({ id: 'kept', subjects: [{ code: 'medtop:11000000' }, { code: 'medtop:04000000' }] }));
    await store.create(makeArticle({ id: 'withheld-one', pubStatus: 'withheld', subjects: [{ code: 'medtop:11000000' }] }));
    await store.close();
    // The file as version 4 left it: no topic index.
    const raw = new Database(path);
    raw.exec('DROP TABLE language_topics');
    raw.pragma('user_version = 4');
    raw.close();
    const again = open();
    expect((await again.listTopic({ language: 'en', code: 'medtop:11000000', now: new Date('2026-03-01T09:00:00Z'), limit: 10 })).map((s) => s.articleId)).toEqual(['kept']);
    expect((await again.listTopic({ language: 'en', code: 'medtop:04000000', now: new Date('2026-03-01T09:00:00Z'), limit: 10 })).map((s) => s.articleId)).toEqual(['kept']);
    await again.close();
  });
});

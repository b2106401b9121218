import Database from 'better-sqlite3';
import { fingerprintLanguage } from '../src/article/project.js';
import type { Article } from '../src/article/types.js';
import { openRuntime, seedSample } from '../src/runtime.js';
import { SAMPLE_ID } from './stories.js';

/**
 * A store file holding the sample story plus `count` copies of it (`bench-0` … newest last, one a
 * minute apart before `now`), made fast enough for 100,000 stories: the rows `store.create` would
 * write for each copy (version, language versions with their fingerprints, change log) are written
 * in one transaction instead of one checked write each. Benchmarks only.
 */
export async function fillStoreFile(path: string, count: number, now: Date): Promise<void> {
  const { store } = openRuntime(path);
  await seedSample(store);
  const template = (await store.get(SAMPLE_ID))!;
  await store.close();
  const db = new Database(path);
  try {
    const insert = {
      article: db.prepare('INSERT INTO articles (id, version, pub_status) VALUES (?, 1, ?)'),
      version: db.prepare('INSERT INTO article_versions (id, version, created_ms, doc) VALUES (?, 1, ?, ?)'),
      language: db.prepare(
        'INSERT INTO article_languages (id, lang, item_version, article_version, fingerprint, pub_status, embargo_ms, sort_ms, changed_ms) VALUES (?, ?, 1, 1, ?, ?, NULL, ?, ?)',
      ),
      change: db.prepare("INSERT INTO changes (id, lang, item_version, article_version, pub_status, kind, at_ms) VALUES (?, ?, 1, 1, ?, 'new', ?)"),
    };
    const base = (db.prepare('SELECT max(created_ms) AS ms FROM article_versions').get() as { ms: number }).ms;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        // Stored a millisecond apart, as the store's clock would have them.
        const at = base + 1 + i;
        const stamp = new Date(at).toISOString();
        const published = new Date(now.getTime() - (count - i) * 60_000);
        const article: Article = { ...template, id: `bench-${i}`, published: published.toISOString(), firstCreated: stamp, versionCreated: stamp };
        insert.article.run(article.id, article.pubStatus);
        insert.version.run(article.id, at, JSON.stringify(article));
        for (const lang of Object.keys(article.localizations)) {
          insert.language.run(article.id, lang, fingerprintLanguage(article, lang), article.pubStatus, published.getTime(), at);
          insert.change.run(article.id, lang, article.pubStatus, at);
        }
      }
    })();
  } finally {
    db.close();
  }
}

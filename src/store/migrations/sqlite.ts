import type { Migration } from './index.js';

/**
 * The embedded store's schema, applied at open (`PRAGMA user_version` records the version).
 * Version 1 is the schema every store file had before migrations existed; its statements say
 * `IF NOT EXISTS`, so such a file (user_version 0) is brought to version 1 without a change.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, versions, language versions, change log',
    sql: `
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  pub_status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_versions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_languages (
  id TEXT NOT NULL,
  lang TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  article_version INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  pub_status TEXT NOT NULL,
  embargo_ms INTEGER,
  sort_ms INTEGER NOT NULL,
  changed_ms INTEGER NOT NULL,
  PRIMARY KEY (id, lang)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_languages_latest
  ON article_languages (lang, sort_ms DESC, id) WHERE pub_status = 'usable';
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  lang TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  article_version INTEGER NOT NULL,
  pub_status TEXT NOT NULL,
  kind TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_item ON changes (id, lang, item_version);
CREATE INDEX IF NOT EXISTS changes_removals ON changes (lang, at_ms) WHERE pub_status <> 'usable';
CREATE INDEX IF NOT EXISTS article_versions_created ON article_versions (created_ms);
CREATE INDEX IF NOT EXISTS changes_lang ON changes (lang, seq);
`,
  },
];

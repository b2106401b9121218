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
  {
    version: 2,
    name: 'embargo lifts in the change log, next-embargo index, partner request counts',
    sql: `
-- The embargo of the version each change logged: a partner that does not see embargoed items
-- skips the changes made while their version was under embargo, and reads the lift instead.
ALTER TABLE changes ADD COLUMN embargo_ms INTEGER;
-- When this language version's embargo lifts, until that lift is in the change log (then NULL).
ALTER TABLE article_languages ADD COLUMN lift_due_ms INTEGER;
-- Embargoes still ahead when this migration runs get their lift; those already past are history.
UPDATE article_languages SET lift_due_ms = embargo_ms
 WHERE pub_status = 'usable' AND embargo_ms > changed_ms
   AND embargo_ms > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER);
UPDATE changes SET embargo_ms = (SELECT l.embargo_ms FROM article_languages l
   WHERE l.id = changes.id AND l.lang = changes.lang AND l.item_version = changes.item_version AND l.lift_due_ms IS NOT NULL);
-- Each lift is logged once, whichever process records it first.
CREATE UNIQUE INDEX changes_embargo_lift ON changes (id, lang, item_version) WHERE kind = 'embargo-lifted';
CREATE INDEX article_languages_lift_due ON article_languages (lift_due_ms) WHERE lift_due_ms IS NOT NULL;
-- nextEmbargo: one index seek instead of a scan of the language's rows.
CREATE INDEX article_languages_embargo ON article_languages (lang, embargo_ms) WHERE pub_status = 'usable' AND embargo_ms IS NOT NULL;
-- Partner quotas across processes: each process's count per partner per one-minute window.
CREATE TABLE partner_requests (
  partner TEXT NOT NULL,
  window_ms INTEGER NOT NULL,
  replica TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (partner, window_ms, replica)
) WITHOUT ROWID;
`,
  },
];

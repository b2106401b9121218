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
  {
    version: 3,
    name: 'webhook delivery cursors and dropped deliveries',
    sql: `
-- Webhook delivery (src/webhooks/): the change log is the outbox (each change is written in its
-- own write's transaction); each partner with a webhook has one row here, its cursor over that
-- log: every change it may see at or before \`cursor\` is acknowledged (or dropped). The attempt
-- under way is leased to one process (lease_owner until lease_until_ms), taken in a write
-- transaction, so two processes on the file never attempt one delivery at once.
CREATE TABLE webhook_deliveries (
  partner TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL,
  -- The change the attempt counters are for, and when it was first attempted (for the 24 h).
  attempt_seq INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  first_attempt_ms INTEGER,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until_ms INTEGER,
  last_attempt_ms INTEGER,
  last_status INTEGER,
  failures INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- Deliveries given up on: refused by the receiver (a 4xx other than 408 and 429), or retried for 24 h.
CREATE TABLE webhook_dropped (
  partner TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status INTEGER,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (partner, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: "the editors' list and history, uploaded pictures",
    sql: `
-- The editors' list (GET /api/articles, rojname list): each story by its last change, newest first.
ALTER TABLE articles ADD COLUMN changed_ms INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET changed_ms = (SELECT v.created_ms FROM article_versions v WHERE v.id = articles.id AND v.version = articles.version);
CREATE INDEX articles_changed ON articles (changed_ms DESC, id);
CREATE INDEX articles_status_changed ON articles (pub_status, changed_ms DESC, id);
-- The languages of each story's latest version, with their headlines: the list filters by language
-- through an index and never reads a document. The story's status and last change are repeated here
-- so that a language and a status filter together are one index range too.
CREATE TABLE desk_languages (
  id TEXT NOT NULL,
  lang TEXT NOT NULL,
  headline TEXT NOT NULL,
  pub_status TEXT NOT NULL,
  changed_ms INTEGER NOT NULL,
  PRIMARY KEY (id, lang)
) WITHOUT ROWID;
INSERT INTO desk_languages (id, lang, headline, pub_status, changed_ms)
SELECT a.id, j.key, json_extract(j.value, '$.headline'), a.pub_status, a.changed_ms
  FROM articles a JOIN article_versions v ON v.id = a.id AND v.version = a.version, json_each(v.doc, '$.localizations') j;
CREATE INDEX desk_languages_changed ON desk_languages (lang, changed_ms DESC, id);
CREATE INDEX desk_languages_status_changed ON desk_languages (lang, pub_status, changed_ms DESC, id);
-- Who wrote each version (an editor's token name, or the CLI's); NULL for versions written before.
ALTER TABLE article_versions ADD COLUMN editor TEXT;
-- Uploaded pictures, by the SHA-256 of their bytes (a rowid table: rows this large do not belong in a WITHOUT ROWID b-tree).
CREATE TABLE media (
  sha256 TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  body BLOB NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'topic index: each usable language version under each Media Topic it names',
    sql: `
-- Topic feeds: the newest usable versions of a language under one Media Topic, one index range
-- (lang, code, sort_ms) read backwards, as listLatest reads article_languages_latest.
CREATE TABLE language_topics (
  lang TEXT NOT NULL,
  code TEXT NOT NULL,
  sort_ms INTEGER NOT NULL,
  id TEXT NOT NULL,
  embargo_ms INTEGER,
  PRIMARY KEY (lang, code, sort_ms DESC, id)
) WITHOUT ROWID;
CREATE INDEX language_topics_story ON language_topics (id, lang);
INSERT OR IGNORE INTO language_topics (lang, code, sort_ms, id, embargo_ms)
SELECT l.lang, json_extract(j.value, '$.code'), l.sort_ms, l.id, l.embargo_ms
  FROM article_languages l JOIN article_versions v ON v.id = l.id AND v.version = l.article_version, json_each(v.doc, '$.subjects') j
 WHERE l.pub_status = 'usable';
`,
  },
];

import type { Migration } from './index.js';

/**
 * The PostgreSQL store's schema, applied by `rojname migrate` (never by `serve`, which refuses a
 * schema other than the newest: several replicas must not race to change it). `schema_migrations`
 * records each applied version. Version 1 is the embedded store's version 1 in PostgreSQL terms:
 *
 * - ids and language tags are `COLLATE "C"`: byte order, as SQLite compares text, so feed order,
 *   `listPublished` cursors and `languageStates` order are the same in both stores (a linguistic
 *   collation would, for one, ignore the hyphens in ids);
 * - documents are `text`, not `jsonb`: the exact bytes written are the bytes read (jsonb reorders
 *   keys and costs a conversion each way), and nothing queries inside a document;
 * - milliseconds are `bigint`, read back as numbers (every value is far below 2^53);
 * - `changes.seq` is not a sequence: positions are handed out under the `change_log_head` row
 *   lock, so they are taken in commit order (see `src/store/postgres-log.ts`).
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, versions, language versions, change log with its head row',
    sql: `
CREATE TABLE articles (
  id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL,
  pub_status text NOT NULL
);
CREATE TABLE article_versions (
  id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  created_ms bigint NOT NULL,
  doc text NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE INDEX article_versions_created ON article_versions (created_ms);
CREATE TABLE article_languages (
  id text COLLATE "C" NOT NULL,
  lang text COLLATE "C" NOT NULL,
  item_version integer NOT NULL,
  article_version integer NOT NULL,
  fingerprint text NOT NULL,
  pub_status text NOT NULL,
  embargo_ms bigint,
  sort_ms bigint NOT NULL,
  changed_ms bigint NOT NULL,
  PRIMARY KEY (id, lang)
);
CREATE INDEX article_languages_latest
  ON article_languages (lang, sort_ms DESC, id) WHERE pub_status = 'usable';
CREATE TABLE changes (
  seq bigint PRIMARY KEY,
  id text COLLATE "C" NOT NULL,
  lang text COLLATE "C" NOT NULL,
  item_version integer NOT NULL,
  article_version integer NOT NULL,
  pub_status text NOT NULL,
  kind text NOT NULL,
  at_ms bigint NOT NULL
);
CREATE INDEX changes_item ON changes (id, lang, item_version);
CREATE INDEX changes_removals ON changes (lang, at_ms) WHERE pub_status <> 'usable';
CREATE INDEX changes_lang ON changes (lang, seq);
-- One row: the newest change-log position. Every write transaction locks it first.
CREATE TABLE change_log_head (
  one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row),
  seq bigint NOT NULL
);
INSERT INTO change_log_head (one_row, seq) VALUES (true, 0);
`,
  },
  {
    version: 2,
    name: 'embargo lifts in the change log, next-embargo index, partner request counts',
    sql: `
-- The embargo of the version each change logged (see the SQLite migration 2).
ALTER TABLE changes ADD COLUMN embargo_ms bigint;
ALTER TABLE article_languages ADD COLUMN lift_due_ms bigint;
UPDATE article_languages SET lift_due_ms = embargo_ms
 WHERE pub_status = 'usable' AND embargo_ms > changed_ms
   AND embargo_ms > (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
UPDATE changes c SET embargo_ms = l.embargo_ms FROM article_languages l
 WHERE l.id = c.id AND l.lang = c.lang AND l.item_version = c.item_version AND l.lift_due_ms IS NOT NULL;
CREATE UNIQUE INDEX changes_embargo_lift ON changes (id, lang, item_version) WHERE kind = 'embargo-lifted';
CREATE INDEX article_languages_lift_due ON article_languages (lift_due_ms) WHERE lift_due_ms IS NOT NULL;
CREATE INDEX article_languages_embargo ON article_languages (lang, embargo_ms) WHERE pub_status = 'usable' AND embargo_ms IS NOT NULL;
CREATE TABLE partner_requests (
  partner text COLLATE "C" NOT NULL,
  window_ms bigint NOT NULL,
  replica text COLLATE "C" NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (partner, window_ms, replica)
);
`,
  },
  {
    version: 3,
    name: 'webhook delivery cursors and dropped deliveries',
    sql: `
-- See the SQLite migration 3. Replicas claim a partner's row with FOR UPDATE SKIP LOCKED and
-- lease it for the attempt (the HTTP request is made with no transaction open).
CREATE TABLE webhook_deliveries (
  partner text COLLATE "C" PRIMARY KEY,
  cursor bigint NOT NULL,
  attempt_seq bigint,
  attempts integer NOT NULL DEFAULT 0,
  first_attempt_ms bigint,
  next_attempt_ms bigint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until_ms bigint,
  last_attempt_ms bigint,
  last_status integer,
  failures integer NOT NULL DEFAULT 0
);
CREATE TABLE webhook_dropped (
  partner text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  status integer,
  reason text NOT NULL,
  attempts integer NOT NULL,
  at_ms bigint NOT NULL,
  PRIMARY KEY (partner, seq)
);
`,
  },
  {
    version: 4,
    name: "the editors' list and history, uploaded pictures",
    sql: `
-- See the SQLite migration 4. json (not jsonb) keeps the document's key order.
ALTER TABLE articles ADD COLUMN changed_ms bigint NOT NULL DEFAULT 0;
UPDATE articles a SET changed_ms = v.created_ms FROM article_versions v WHERE v.id = a.id AND v.version = a.version;
CREATE INDEX articles_changed ON articles (changed_ms DESC, id);
CREATE INDEX articles_status_changed ON articles (pub_status, changed_ms DESC, id);
CREATE TABLE desk_languages (
  id text COLLATE "C" NOT NULL,
  lang text COLLATE "C" NOT NULL,
  headline text NOT NULL,
  pub_status text NOT NULL,
  changed_ms bigint NOT NULL,
  PRIMARY KEY (id, lang)
);
INSERT INTO desk_languages (id, lang, headline, pub_status, changed_ms)
SELECT a.id, j.key, j.value ->> 'headline', a.pub_status, a.changed_ms
  FROM articles a JOIN article_versions v ON v.id = a.id AND v.version = a.version, json_each(v.doc::json -> 'localizations') j;
CREATE INDEX desk_languages_changed ON desk_languages (lang, changed_ms DESC, id);
CREATE INDEX desk_languages_status_changed ON desk_languages (lang, pub_status, changed_ms DESC, id);
ALTER TABLE article_versions ADD COLUMN editor text;
CREATE TABLE media (
  sha256 text COLLATE "C" PRIMARY KEY,
  type text NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  size integer NOT NULL,
  created_ms bigint NOT NULL,
  body bytea NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'topic index: each usable language version under each Media Topic it names',
    sql: `
CREATE TABLE language_topics (
  lang text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  sort_ms bigint NOT NULL,
  id text COLLATE "C" NOT NULL,
  embargo_ms bigint,
  PRIMARY KEY (lang, code, sort_ms, id)
);
-- Feed order (newest first, ties by id), as article_languages_latest has it.
CREATE INDEX language_topics_feed ON language_topics (lang, code, sort_ms DESC, id);
CREATE INDEX language_topics_story ON language_topics (id, lang);
INSERT INTO language_topics (lang, code, sort_ms, id, embargo_ms)
SELECT DISTINCT l.lang, j.value ->> 'code', l.sort_ms, l.id, l.embargo_ms
  FROM article_languages l JOIN article_versions v ON v.id = l.id AND v.version = l.article_version, json_array_elements(v.doc::json -> 'subjects') j
 WHERE l.pub_status = 'usable';
`,
  },
];

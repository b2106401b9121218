import { parseArgs } from 'node:util';

/** Runs a command with its arguments; resolves to the exit code. */
export type CommandRun = (args: string[]) => Promise<number>;

/**
 * One `rojname` command. The table holds only text and a loader: a command's module (and what it
 * pulls in: the store, hono, ajv) is imported when that command runs, never for `--help`.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** `rojname <name> --help`: starts with `usage:`, lists every flag and environment variable it reads. */
  usage: string;
  /**
   * The flag that sets each field of the article the command writes (JSON pointer, `*` for any one
   * segment → flag), so a problem with that field names the flag: `--published must be a date …`.
   */
  inputs?: Readonly<Record<string, string>>;
  load(): Promise<CommandRun>;
}

/** The settings, as `usage` lists them (the README's settings table says the same). */
const ENV = {
  PORT: 'port to listen on (default 8787)',
  HOST: 'address to listen on (default 127.0.0.1)',
  ROJNAME_DB: 'the SQLite store (default ./data/rojname.db; :memory: for a throw-away one)',
  ROJNAME_DATABASE_URL: 'postgres://user@host:5432/db: PostgreSQL instead of ROJNAME_DB (migrated by `rojname migrate`)',
  ROJNAME_BASE_URL: 'absolute base of every link (default http://localhost:PORT)',
  ROJNAME_ADMIN_TOKEN: "the editors' token (the editor \"admin\"); with ROJNAME_ADMIN_TOKENS unset too, /api/* answers 503",
  ROJNAME_ADMIN_TOKENS: "name:TOKEN,name:TOKEN: named editors' tokens (beside ROJNAME_ADMIN_TOKEN); each write is logged and kept in the history under its name",
  ROJNAME_PARTNER_KEYS: 'name:KEY,name:KEY; unset, partners get 401',
  ROJNAME_LOCALES_DIR: 'the locale files, locales/<tag>/<namespace>.json (default: the ones shipped with rojname)',
  ROJNAME_PURGE_URL: 'http(s) URL: each change POSTs {"keys": [...]} there, the surrogate keys a CDN should purge',
  ROJNAME_PURGE_TOKEN: 'sent with each purge as Authorization: Bearer TOKEN',
} as const;

interface UsageSpec {
  synopsis: string;
  about: string;
  options?: [string, string][];
  env?: (keyof typeof ENV)[];
}

function formatUsage({ synopsis, about, options = [], env = [] }: UsageSpec): string {
  const rows = (list: [string, string][]) => list.map(([name, what]) => `  ${name.padEnd(24)} ${what}`).join('\n');
  return [
    `usage: ${synopsis}`,
    '',
    about,
    '',
    'options:',
    rows([...options, ['-h, --help', 'show this help']]),
    '',
    'environment:',
    env.length ? rows(env.map((name) => [name, ENV[name]])) : '  (none)',
    '',
  ].join('\n');
}

/** For commands without arguments: anything given is a mistake, named like parseArgs names it. */
function acceptNoArguments(run: () => Promise<number>): CommandRun {
  return (args) => {
    parseArgs({ args, options: {}, strict: true, allowPositionals: false });
    return run();
  };
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'serve',
    summary: 'start the service (PORT, HOST, ROJNAME_DB or ROJNAME_DATABASE_URL, ROJNAME_BASE_URL, ROJNAME_ADMIN_TOKEN, ROJNAME_PARTNER_KEYS)',
    usage: formatUsage({
      synopsis: 'rojname serve [--watch-locales]',
      about: [
        'Starts the service on the store (seeded with the sample story on first start) and prints every URL.',
        'SIGTERM or SIGINT: stop accepting connections, finish open requests, close the store.',
        'Refuses to start (exit 2, naming file, key and problem) while the locale files have a problem.',
        'The locale files are read once: a change is served after a restart, or at once with --watch-locales.',
      ].join('\n'),
      options: [['--watch-locales', 'reload the locale files on every saved change (a broken edit is logged and the previous translations stay)']],
      env: ['PORT', 'HOST', 'ROJNAME_DB', 'ROJNAME_DATABASE_URL', 'ROJNAME_BASE_URL', 'ROJNAME_ADMIN_TOKEN', 'ROJNAME_ADMIN_TOKENS', 'ROJNAME_PARTNER_KEYS', 'ROJNAME_LOCALES_DIR', 'ROJNAME_PURGE_URL', 'ROJNAME_PURGE_TOKEN'],
    }),
    load: async () => (await import('./serve.js')).runServe,
  },
  {
    name: 'migrate',
    summary: 'bring the store to this version\'s schema (ROJNAME_DATABASE_URL: PostgreSQL, before `serve`)',
    usage: formatUsage({
      synopsis: 'rojname migrate',
      about: [
        'Applies every schema migration the store lacks, in one transaction, and prints the version it is at.',
        'PostgreSQL (ROJNAME_DATABASE_URL) is migrated only by this command: `serve` refuses a schema that is',
        'not migrated (or newer than it knows) with exit 2. The embedded store (ROJNAME_DB) migrates itself',
        'whenever it opens, so `npm start` needs no migrate step.',
      ].join('\n'),
      env: ['ROJNAME_DATABASE_URL', 'ROJNAME_DB'],
    }),
    load: async () => (await import('./migrate.js')).runMigrate,
  },
  {
    name: 'copy',
    summary: 'copy --to postgres://…: copy the embedded store (ROJNAME_DB) into a new, migrated PostgreSQL database',
    usage: formatUsage({
      synopsis: 'rojname copy --to postgres://user@host:5432/db',
      about: [
        'Copies every table of the embedded store named by ROJNAME_DB into PostgreSQL, in one transaction:',
        'every version, the change log with its positions (partners keep their cursors), pictures, embargo',
        'lifts still due, webhook cursors, partner request counts. The target must be migrated (`rojname',
        'migrate` with ROJNAME_DATABASE_URL set to it; exit 2 otherwise) and empty (exit 1 naming what it',
        'holds). The file is read as one snapshot: stop the services writing to it first. Progress on stderr.',
      ].join('\n'),
      options: [['--to URL', 'the PostgreSQL database to copy into (required)']],
      env: ['ROJNAME_DB'],
    }),
    load: async () => (await import('./copy.js')).runCopy,
  },
  {
    name: 'seed',
    summary: 'store the sample story in every language (ROJNAME_DB or ROJNAME_DATABASE_URL)',
    usage: formatUsage({
      synopsis: 'rojname seed',
      about: 'Stores the sample story (content/sample/) in every language, unless it is stored already.',
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    load: async () => acceptNoArguments((await import('./seed.js')).runSeed),
  },
  {
    name: 'import',
    summary: 'import plain-text wire copy: import FILE --lang en --published 2021-02-18T19:30:00+03:00 --provider-uri URL',
    usage: formatUsage({
      synopsis: 'rojname import FILE --lang TAG --published RFC3339 --provider-uri URL [options]',
      about: 'Imports plain-text wire copy (FILE, or - for standard input) as a new story, and prints a note\nfor everything it could not map. Exit 1 for copy that is not a story, 2 for a wrong command line.',
      options: [
        ['--lang TAG', 'the language of the copy, e.g. en (required)'],
        ['--published RFC3339', 'when the story ran, e.g. 2021-02-18T19:30:00+03:00 (required)'],
        ['--provider-uri URL', "the provider's home page, e.g. https://www.kurdistan24.net/ (required)"],
        ['--provider NAME', "the provider's name, when the dateline names none"],
        ['--id ID', 'the story id (default: from the date, the headline and a hash of the text)'],
        ['--country XX', 'ISO country of the dateline place: required when content/places.json does not know it; must agree when it does'],
        ['--subject CODE', 'an IPTC Media Topic, e.g. medtop:16000000 (repeatable)'],
        ['--dry-run', 'print the story as JSON instead of storing it'],
        ['--editor NAME', 'who imports it, in the version history (default cli)'],
      ],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    inputs: {
      '/id': '--id',
      '/published': '--published',
      '/sourceLanguage': '--lang',
      '/provider/uri': '--provider-uri',
      '/provider/name': '--provider',
      '/located/countryCode': '--country',
      '/subjects/*/code': '--subject',
    },
    load: async () => (await import('./import.js')).runImport,
  },
  {
    name: 'build',
    summary: 'write the public site as static files to output/ (--out DIR, --base-url URL, --force)',
    usage: formatUsage({
      synopsis: 'rojname build [--out DIR] [--base-url URL] [--force]',
      about: [
        'Writes the public site as static files: every feed (with .gz and .br beside it), the pages (one per',
        'public story and language) and the media. Only files whose bytes changed are written, staged first',
        'and moved into place once everything rendered. What it wrote is recorded in DIR/.rojname-build.json;',
        'it removes only files it wrote before and no longer writes, never anything else.',
      ].join('\n'),
      options: [
        ['--out DIR', 'where to write (default output)'],
        ['--base-url URL', 'absolute base of every link (default ROJNAME_BASE_URL)'],
        ['--force', 'build into a folder holding files it did not write, and overwrite those at paths it writes'],
      ],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL', 'ROJNAME_BASE_URL', 'ROJNAME_LOCALES_DIR'],
    }),
    load: async () => (await import('./build.js')).runBuild,
  },
  {
    name: 'preview',
    summary: 'preview LANG [rss|atom|json|newsml]: the sample story with the current locale files',
    usage: formatUsage({
      synopsis: 'rojname preview LANG [rss|atom|json|newsml]',
      about: 'Prints the sample story in one language and format (default rss), rendered with the locale files\nas they are now, for translators. Nothing is stored. Refused (exit 2) while the locale files have a problem.',
      env: ['ROJNAME_LOCALES_DIR'],
    }),
    load: async () => (await import('./preview.js')).runPreview,
  },
  {
    name: 'locales',
    summary: 'locales check | stats: every problem in the locale files, or how much each language has translated',
    usage: formatUsage({
      synopsis: 'rojname locales check | rojname locales stats',
      about: [
        'check: every problem in locales/<tag>/*.json, by file and key: a file that is not JSON (file:line:column),',
        'a missing key, broken placeholder, missing plural form or English left behind; a key without a',
        'description in locales/en/<namespace>.descriptions.json (or a description of no key); a key no code',
        'in src/ uses, and a key the code uses that English lacks. Exit 1 when there is any.',
        'stats: a table of keys translated / total, per language and file. Exit 0.',
      ].join('\n'),
      env: ['ROJNAME_LOCALES_DIR'],
    }),
    load: async () => (await import('./locales.js')).runLocales,
  },
  {
    name: 'translations',
    summary: 'which translations are missing, stale or current: a table by story and language (--status, --json)',
    usage: formatUsage({
      synopsis: 'rojname translations [--status missing|stale|current] [--json]',
      about: [
        'A table of the newest 200 stories (usable ones, embargoed included) by registry language: `missing`',
        '(no version in that language), `stale since vN` (the text it was translated from changed in',
        'article version N, after its translation.fromVersion) or `current`; `source` marks the source',
        'language. For the desk only: nothing public changes.',
      ].join('\n'),
      options: [
        ['--status STATUS', 'only translations that are missing, stale or current'],
        ['--json', 'print {"items": [{id, language, status, fromVersion, sourceChangedIn}]} (as GET /api/translations)'],
      ],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    load: async () => (await import('./translations.js')).runTranslations,
  },
  {
    name: 'list',
    summary: "the editors' list: stories newest change first, with each language's headline and version (--language, --status, --since, --limit, --json)",
    usage: formatUsage({
      synopsis: 'rojname list [--language TAG] [--status STATUS] [--since RFC3339] [--limit N] [--cursor CURSOR] [--json]',
      about: [
        'Every story, newest change first: id, version, status, when it last changed, its languages (each',
        'with its own version) and a headline. The same list as GET /api/articles. Exit 2 for a flag',
        'with a value it cannot have.',
      ].join('\n'),
      options: [
        ['--language TAG', 'only stories with a version in this language (en, ckb, kmr, ar)'],
        ['--status STATUS', 'only stories that are usable, withheld or canceled'],
        ['--since RFC3339', 'only stories changed at or after this instant, e.g. 2021-02-18T19:30:00+03:00'],
        ['--limit N', 'at most N stories, 1 to 200 (default 50)'],
        ['--cursor CURSOR', 'the next page: the cursor the previous page printed (same filters)'],
        ['--json', 'print {"items": [{id, version, pubStatus, updated, languages}], "nextCursor"} (as GET /api/articles)'],
      ],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    load: async () => (await import('./list.js')).runList,
  },
  {
    name: 'kill',
    summary: 'kill ID [--note TEXT]: withdraw a story in every language (a new version; a killed story stays killed)',
    usage: formatUsage({
      synopsis: 'rojname kill ID [--note TEXT] [--editor NAME]',
      about: [
        'Withdraws the story in every language as a new version (pubStatus canceled): out of every feed,',
        'announced as a kill to partners and in the Atom tombstones. A killed story stays killed; killing it',
        'again writes nothing. Exit 1 for a story that does not exist.',
      ].join('\n'),
      options: [
        ['--note TEXT', 'why, for partners (edNote; default "Story withdrawn. Please remove it.")'],
        ['--editor NAME', 'who kills it, in the version history (default cli)'],
      ],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    inputs: { '/edNote': '--note' },
    load: async () => (await import('./kill.js')).runKill,
  },
  {
    name: 'export',
    summary: 'export ID: the latest version as JSON on stdout, to POST or PUT back as it is',
    usage: formatUsage({
      synopsis: 'rojname export ID',
      about: [
        'Prints the latest version of the story as JSON (what GET /api/articles/{id} returns). It is',
        'accepted back as it is: PUT /api/articles/{id} with If-Match: "VERSION" after an edit, or POST',
        '/api/articles with another id for a copy (the store-owned fields in it are ignored). Exit 1 for a',
        'story that does not exist.',
      ].join('\n'),
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    load: async () => (await import('./export.js')).runExport,
  },
  {
    name: 'media',
    summary: 'media add FILE: keep a JPEG, PNG or WebP picture in the store and print the URL a story uses for it',
    usage: formatUsage({
      synopsis: 'rojname media add FILE [--json]',
      about: [
        'Keeps the picture in the store (every replica and every copy of the store have it), as',
        'POST /api/media does, and prints its URL (/media/SHA256.EXT: give it as images[].url), type, bytes,',
        'width, height and SHA-256. The type and size are read from the bytes; the same bytes again give the',
        'same URL. Exit 1 for a file that is not a JPEG, PNG or WebP picture or is over 20 MiB, 2 for one',
        'that cannot be read.',
      ].join('\n'),
      options: [['--json', 'print {url, type, bytes, width, height, sha256} (as POST /api/media answers)']],
      env: ['ROJNAME_DB', 'ROJNAME_DATABASE_URL'],
    }),
    load: async () => (await import('./media.js')).runMedia,
  },
  {
    name: 'schemas',
    summary: 'write schemas/*.json from the typed schemas (--check: fail if they differ)',
    usage: formatUsage({
      synopsis: 'rojname schemas [--check]',
      about: 'Writes schemas/*.json from the typed schemas in src/.',
      options: [['--check', 'write nothing; exit 1 naming every file that is out of date']],
    }),
    load: async () => (await import('./schemas.js')).runSchemas,
  },
];

/** `rojname --help`: every command with its summary. */
export const GENERAL_USAGE = [
  'usage: rojname <command> [options]',
  '',
  'commands:',
  ...COMMANDS.map((c) => `  ${c.name.padEnd(Math.max(...COMMANDS.map((d) => d.name.length)))} ${c.summary}`),
  '',
  '`rojname help <command>` or `rojname <command> --help` shows its options and the settings it reads.',
  '',
].join('\n');

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

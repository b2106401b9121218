import { runBuild } from './build.js';
import { runImport } from './import.js';
import { runPreview } from './preview.js';
import { runLocales } from './locales.js';
import { runSchemas } from './schemas.js';
import { runSeed } from './seed.js';
import { runServe } from './serve.js';

export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Command[] = [
  { name: 'serve', summary: 'start the service (PORT, HOST, ROJNAME_DB, ROJNAME_BASE_URL, ROJNAME_ADMIN_TOKEN, ROJNAME_PARTNER_KEYS)', run: runServe },
  { name: 'seed', summary: 'store the sample story in every language (ROJNAME_DB)', run: runSeed },
  { name: 'import', summary: 'import plain-text wire copy: import FILE --lang en --published 2021-02-18T19:30:00+03:00', run: runImport },
  { name: 'build', summary: 'write the public site as static files to output/ (--out DIR)', run: runBuild },
  { name: 'preview', summary: 'preview LANG [rss|atom|json|newsml]: the sample story with the current locale files', run: runPreview },
  { name: 'locales', summary: 'locales check: name every missing key, broken placeholder or missing plural form', run: runLocales },
  { name: 'schemas', summary: 'write schemas/*.json from the typed schemas (--check: fail if they differ)', run: runSchemas },
];

/**
 * Regenerates schemas/mediatopic/mediatopics.json from IPTC's Media Topic file:
 *
 *   npx tsx src/topics/regenerate.ts [../shared/reference/mediatopic/cptall-x-all.json] [--check]
 *
 * With --check it only compares, and exits 1 when the vendored file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { extractVocabulary, formatVocabulary, type IptcScheme } from './extract.js';
import { VOCABULARY_FILE } from './vocabulary.js';

const DEFAULT_SOURCE = new URL('../../../shared/reference/mediatopic/cptall-x-all.json', import.meta.url).pathname;

const { values, positionals } = parseArgs({ options: { check: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
const source = positionals[0] ?? DEFAULT_SOURCE;
const text = formatVocabulary(extractVocabulary(JSON.parse(readFileSync(source, 'utf8')) as IptcScheme, basename(source)));
let current = '';
try {
  current = readFileSync(VOCABULARY_FILE, 'utf8');
} catch {
  /* not written yet */
}
if (values.check) {
  process.stdout.write(current === text ? `${VOCABULARY_FILE} is up to date\n` : `${VOCABULARY_FILE} differs from ${source}\n`);
  process.exitCode = current === text ? 0 : 1;
} else {
  writeFileSync(VOCABULARY_FILE, text);
  process.stdout.write(`wrote ${VOCABULARY_FILE} (${Object.keys(JSON.parse(text).topics as object).length} topics) from ${source}\n`);
}

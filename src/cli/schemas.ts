import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCHEMA_FILES } from '../validate/schema-files.js';

/** Writes (or with --check, compares) every JSON Schema the project publishes under schemas/. */
export async function runSchemas(args: string[]): Promise<number> {
  const check = parseArgs({ args, options: { check: { type: 'boolean', default: false } }, strict: true }).values.check;
  let stale = 0;
  for (const { path, schema } of SCHEMA_FILES) {
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* not written yet */
    }
    if (current === text) continue;
    if (check) {
      process.stderr.write(`${path} is out of date: run npm run schemas\n`);
      stale++;
    } else {
      writeFileSync(path, text);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  return stale ? 1 : 0;
}

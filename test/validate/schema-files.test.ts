import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES } from '../../src/validate/schema-files.js';

describe('schemas/', () => {
  it.each(SCHEMA_FILES.map((f) => [f.path.split('/').at(-1)!, f] as const))('%s is generated from its typed schema (npm run schemas)', (_name, { path, schema }) => {
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(schema);
  });
});

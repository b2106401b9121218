#!/usr/bin/env node
// Runs the compiled CLI (dist/, written by `npm ci`'s prepare step or `npm run build`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('rojname: dist/ is missing; run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
}
await import(main.href);

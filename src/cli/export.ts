import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { openRuntimeAsync } from '../runtime.js';
import { CliError } from './errors.js';

/**
 * `rojname export ID`: the story's latest version as JSON on standard output, exactly as the store
 * holds it (and `GET /api/articles/{id}` returns it): POST it to /api/articles as it is (a copy, with
 * another id), or PUT it back after an edit; the store-owned fields in it are ignored.
 */
export async function runExport(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const [id, ...extra] = positionals;
  if (!id) throw new CliError('name the story to export: rojname export ID');
  if (extra.length) throw new CliError(`export takes one story id, not ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(' ')})`);
  const { store } = await openRuntimeAsync(readConfig());
  try {
    const article = await store.get(id);
    if (!article) throw new CliError(`no story "${id}"`, 1);
    process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

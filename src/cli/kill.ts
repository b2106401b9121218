import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { openRuntimeAsync } from '../runtime.js';
import { NotFoundError } from '../store/errors.js';
import { CliError } from './errors.js';
import { cliWriter } from './writer.js';

/** `rojname kill ID [--note TEXT] [--editor NAME]`: withdraws a story in every language, as a new version. */
export async function runKill(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { note: { type: 'string' }, editor: { type: 'string' } } });
  const [id, ...extra] = positionals;
  if (!id) throw new CliError('name the story to kill: rojname kill ID [--note TEXT]');
  if (extra.length) throw new CliError(`kill takes one story id, not ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(' ')})`);
  if (values.note !== undefined && values.note.trim() === '') throw new CliError('--note must say why the story is withdrawn, not be empty');
  const writer = cliWriter(values.editor);
  const { store } = await openRuntimeAsync(readConfig());
  try {
    const before = await store.get(id);
    if (!before) throw new NotFoundError(`no story "${id}"`);
    if (before.pubStatus === 'canceled') {
      process.stdout.write(`"${id}" was killed already (version ${before.version}); nothing written\n`);
      return 0;
    }
    const killed = await store.kill(id, before.version, values.note, writer);
    process.stdout.write(`killed "${id}": version ${killed.version}, withdrawn in ${Object.keys(killed.localizations).join(', ')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError) throw new CliError(error.message, 1);
    throw error;
  } finally {
    await store.close();
  }
}

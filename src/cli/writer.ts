import { EDITOR_NAME } from '../config.js';
import type { WriteOptions } from '../store/store.js';
import { CliError } from './errors.js';

/** The name the CLI's writes are recorded under in the version history, unless `--editor NAME` gives another. */
export const CLI_EDITOR = 'cli';

/** `--editor NAME` (or the CLI's own name) as the store records it with the version. */
export function cliWriter(editor: string | undefined): WriteOptions {
  if (editor === undefined) return { editor: CLI_EDITOR };
  if (!EDITOR_NAME.test(editor)) {
    throw new CliError(`--editor must be a name of letters, digits, ".", "_" or "-" (at most 64 characters, starting with a letter or digit), not ${JSON.stringify(editor)}`);
  }
  return { editor };
}

import { checkLocales } from '../i18n/check-locales.js';
import { LOCALES_DIR, readLocaleResources } from '../i18n/i18n.js';
import { defaultLanguages } from '../i18n/languages.js';
import { CliError } from './errors.js';

/** `rojname locales check`: every missing key, broken placeholder or missing plural form, by file. */
export async function runLocales(args: string[]): Promise<number> {
  if (args[0] !== 'check') throw new CliError(args[0] === undefined ? 'name what to do: rojname locales check' : `unknown subcommand "${args[0]}" (the one there is: rojname locales check)`);
  if (args.length > 1) throw new CliError(`unexpected argument "${args[1]}" (rojname locales check takes none)`);
  const resources = readLocaleResources(defaultLanguages, LOCALES_DIR);
  const problems = checkLocales(defaultLanguages, resources);
  for (const p of problems) process.stdout.write(`${p.file}: ${p.key || '(file)'}: ${p.message}\n`);
  process.stdout.write(problems.length ? `${problems.length} problem(s)\n` : `locales ok: ${defaultLanguages.tags.join(', ')}\n`);
  return problems.length ? 1 : 0;
}

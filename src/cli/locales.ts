import { checkLocaleFolder, checkTranslations, formatProblem, type LocaleProblem } from '../i18n/check-locales.js';
import { createTranslator, describeLocalesDir, resolveLocalesDir, type Translator } from '../i18n/i18n.js';
import { scanKeyUsage } from '../i18n/key-usage.js';
import { defaultLanguages, type LanguageRegistry } from '../i18n/languages.js';
import { formatCoverage, measureCoverage } from '../i18n/locale-stats.js';
import { readLocaleFiles, type Resources } from '../i18n/locale-files.js';
import { watchLocales } from '../i18n/watch-locales.js';
import type { Log } from '../http/log.js';
import { CliError } from './errors.js';

const SUBCOMMANDS = ['check', 'stats'];

/**
 * `rojname locales check`: every problem in the locale files (ROJNAME_LOCALES_DIR, default
 * locales/), by file and key; exit 1 when there is one. `rojname locales stats`: how much of each
 * file each language has translated; exit 0.
 */
export async function runLocales(args: string[]): Promise<number> {
  const [sub] = args;
  if (sub === undefined) throw new CliError('name what to do: rojname locales check, or rojname locales stats');
  if (!SUBCOMMANDS.includes(sub)) throw new CliError(`unknown subcommand "${sub}" (there are: rojname locales check, rojname locales stats)`);
  if (args.length > 1) throw new CliError(`unexpected argument "${args[1]}" (rojname locales ${sub} takes none)`);
  const dir = resolveLocalesDir();
  const root = describeLocalesDir(dir);
  const files = readLocaleFiles(defaultLanguages, dir, { root });

  if (sub === 'stats') {
    const problems = checkTranslations(defaultLanguages, files, { root });
    const coverage = measureCoverage(defaultLanguages, files, problems, { root });
    const complete = coverage.every((c) => c.translated === c.total);
    process.stdout.write(`${formatCoverage(defaultLanguages, coverage)}\n`);
    // Files that cannot be read count as nothing translated: say why.
    for (const p of problems.filter((p) => p.key === '')) process.stdout.write(`${formatProblem(p)}\n`);
    process.stdout.write(complete ? 'every key translated in every language\n' : 'run `rojname locales check` for what is missing or wrong\n');
    return 0;
  }

  let usage;
  try {
    usage = scanKeyUsage();
  } catch (error) {
    throw new CliError((error as Error).message, 1);
  }
  const problems = checkLocaleFolder(defaultLanguages, files, usage, { root });
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  process.stdout.write(problems.length ? `${problems.length} problem(s)\n` : `locales ok: ${defaultLanguages.tags.join(', ')}\n`);
  return problems.length ? 1 : 0;
}

/**
 * The translator `serve`, `build` and `preview` render with, from ROJNAME_LOCALES_DIR (default
 * locales/). Refused (exit 2) while a file cannot be read or has a problem readers would see, so
 * no output ever carries `{{provider}}` or an English word in an Arabic feed.
 */
export function loadCheckedTranslator(languages: LanguageRegistry = defaultLanguages, env: NodeJS.ProcessEnv = process.env): { translator: Translator; dir: string; root: string } {
  const dir = resolveLocalesDir(env);
  const root = describeLocalesDir(dir);
  const files = readLocaleFiles(languages, dir, { root });
  const problems = checkTranslations(languages, files, { root });
  if (problems.length > 0) throw new CliError(describeLocaleProblems(problems));
  return { translator: createTranslator(languages, files.resources), dir, root };
}

/** One line saying why nothing started, then a line per problem. */
export function describeLocaleProblems(problems: readonly LocaleProblem[]): string {
  const head = `the locale files have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; fix ${problems.length === 1 ? 'it' : 'them'} and run \`rojname locales check\`:`;
  return [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

/**
 * `serve --watch-locales`: every saved change to the locale folder is read and checked; if it
 * passes, the publisher swaps it in (every output is published again, with new entity tags);
 * if not, each problem is logged and the previous translations stay served.
 */
export function watchServedLocales(publisher: { retranslate(resources: Resources): void }, locales: { dir: string; root: string }, log: Log, languages: LanguageRegistry = defaultLanguages): () => void {
  return watchLocales({
    languages,
    dir: locales.dir,
    root: locales.root,
    onReload(resources) {
      publisher.retranslate(resources);
      log({ level: 'info', msg: `locales reloaded from ${locales.root}/: every page and feed is published again`, locales: locales.root });
    },
    onProblems(problems) {
      for (const p of problems) {
        log({
          level: 'error',
          msg: `${formatProblem(p)} (not reloaded: the previous translations are still served)`,
          file: p.file,
          key: p.key,
          problem: p.message,
          ...(p.line !== undefined ? { line: p.line, column: p.column } : {}),
        });
      }
    },
  });
}

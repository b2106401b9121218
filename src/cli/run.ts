import { ConfigError, readConfig } from '../config.js';
import { ValidationError } from '../validate/problems.js';
import { describeProblem } from '../validate/wording.js';
import { findCommand, GENERAL_USAGE, type Command } from './commands.js';
import { CliError, explainStoreError } from './errors.js';

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * `rojname <command> [options]`: help, dispatch and the one place errors become exit codes
 * (1 for invalid content, 2 for a wrong command line or setting). Help is printed on standard
 * output and loads no command module.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || HELP_FLAGS.has(name) || name === 'help') {
    const topic = name === undefined ? undefined : args[0];
    if (topic === undefined || topic === 'help' || HELP_FLAGS.has(topic)) return print(GENERAL_USAGE);
    const command = findCommand(topic);
    return command ? print(command.usage) : unknown(topic);
  }
  const command = findCommand(name);
  if (!command) return unknown(name);
  if (wantsHelp(args)) return print(command.usage);
  try {
    const run = await command.load();
    return await run(args);
  } catch (error) {
    return report(command, error);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function unknown(name: string): number {
  const what = name.startsWith('-') ? `unknown option "${name}"` : `unknown command "${name}"`;
  process.stderr.write(`rojname: ${what}\nrun \`rojname --help\` for the list of commands\n`);
  return 2;
}

/** `--help` or `-h` anywhere among the options (not after `--`, where everything is an operand). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => HELP_FLAGS.has(a));
}

function report(command: Command, error: unknown): number {
  const fail = (message: string, code: number) => {
    process.stderr.write(`rojname ${command.name}: ${message}\n`);
    return code;
  };
  if (error instanceof ValidationError) {
    // Each problem in words, naming the flag that set the field where the command has one.
    const lines = error.problems.map((p) => `  ${describeProblem(p, `the ${error.subject}`, command.inputs)}`);
    return fail(`${error.subject} is invalid:\n${lines.join('\n')}`, 1);
  }
  if (error instanceof ConfigError) return fail(error.message, 2);
  if (error instanceof CliError) return fail(error.message, error.exitCode);
  if (isParseArgsError(error)) return fail(`${error.message}\nrun \`rojname ${command.name} --help\` for its options`, 2);
  const store = explainStoreError(error, storeSettings());
  if (store) return fail(store.message, store.exitCode);
  // A file the command could not read or write: Node's message names it (`EACCES: …, open 'x'`).
  if (isSystemError(error)) return fail(error.message, 1);
  throw error;
}

function storeSettings(): { dbPath: string; databaseUrl?: string | undefined } {
  try {
    return readConfig();
  } catch {
    return { dbPath: ':memory:' };
  }
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for a wrong command line. */
function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}

function isSystemError(error: unknown): error is Error {
  const e = error as { code?: unknown; syscall?: unknown; path?: unknown } | undefined;
  return error instanceof Error && typeof e?.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

#!/usr/bin/env node
import { COMMANDS } from './commands.js';
import { CliError } from './errors.js';
import { ConfigError } from '../config.js';
import { ValidationError } from '../validate/problems.js';

/** `rojname <command> [options]`: one entry point for every command in `commands.ts`. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const list = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
    process.stderr.write(`${name ? `rojname: unknown command "${name}"\n\n` : ''}usage: rojname <command> [options]\n\n${list}\n`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`rojname ${command.name}: ${error.subject} is invalid:\n${error.problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`).join('\n')}\n`);
      return 1;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`rojname ${command.name}: ${error.message}\n`);
      return 2;
    }
    if (isParseArgsError(error)) {
      process.stderr.write(`rojname ${command.name}: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`rojname ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for a wrong command line. */
function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}

process.exitCode = await main(process.argv.slice(2));

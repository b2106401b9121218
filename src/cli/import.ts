import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importWireCopy } from '../article/wirecopy.js';
import { readConfig } from '../config.js';
import { openRuntimeAsync } from '../runtime.js';
import { ConflictError } from '../store/errors.js';
import { CliError } from './errors.js';
import { cliWriter } from './writer.js';

/** `rojname import FILE --lang en --published RFC3339 [--id ID] --provider-uri URI [--provider NAME] [--country XX] [--subject medtop:…]` */
export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      published: { type: 'string' },
      id: { type: 'string' },
      provider: { type: 'string' },
      'provider-uri': { type: 'string' },
      country: { type: 'string' },
      subject: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      editor: { type: 'string' },
    },
  });
  // Who imports, in the version history (`cli` unless --editor names someone).
  const writer = cliWriter(values.editor);
  const file = positionals[0];
  if (!file) throw new CliError('name the wire-copy file to import (or - for standard input)');
  if (!values.lang) throw new CliError('--lang is required (the language of the copy, e.g. en)');
  if (!values.published) throw new CliError('--published is required (when the story ran, e.g. 2021-02-18T19:30:00+03:00)');
  if (!values['provider-uri']) throw new CliError("--provider-uri is required (the provider's home page, e.g. https://www.kurdistan24.net/)");
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { article, notes } = importWireCopy(text, {
    language: values.lang,
    published: values.published,
    ...(values.id ? { id: values.id } : {}),
    providerUri: values['provider-uri'],
    ...(values.provider ? { providerName: values.provider } : {}),
    ...(values.country !== undefined ? { countryCode: values.country } : {}),
    countryInput: '--country',
    ...(values.subject ? { subjects: values.subject.map((code) => ({ code })) } : {}),
  });
  for (const n of notes) process.stderr.write(`note: line ${n.line}: ${n.message}\n`);
  const config = readConfig();
  const { store, checkArticle } = await openRuntimeAsync(config);
  try {
    if (values['dry-run']) {
      const stamp = new Date().toISOString();
      checkArticle({ ...article, version: 1, firstCreated: stamp, versionCreated: stamp });
      process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
      return 0;
    }
    const stored = await store.create(article, writer);
    process.stdout.write(`stored "${stored.id}" version ${stored.version} (${values.lang})\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConflictError) throw new CliError(error.message, 1);
    throw error;
  } finally {
    await store.close();
  }
}

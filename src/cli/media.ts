import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { MAX_MEDIA_BYTES } from '../media/catalog.js';
import { IMAGE_TYPES, sniffType } from '../media/sniff.js';
import { storeUpload } from '../media/upload.js';
import { openRuntimeAsync } from '../runtime.js';
import { ValidationError } from '../validate/problems.js';
import { CliError } from './errors.js';

const NAMED_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** `rojname media add FILE [--json]`: keeps a picture in the store and prints the URL a story uses for it. */
export async function runMedia(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'add') throw new CliError(sub === undefined ? 'name what to do: rojname media add FILE' : `unknown media command ${JSON.stringify(sub)}: rojname media add FILE`);
  if (!file) throw new CliError('name the picture to add: rojname media add FILE');
  if (extra.length) throw new CliError(`media add takes one file, not ${extra.length + 1}`);
  const body = readPicture(file);
  const { store } = await openRuntimeAsync(readConfig());
  try {
    let stored;
    try {
      stored = await storeUpload(store, body, { where: file });
    } catch (error) {
      if (error instanceof ValidationError) throw new CliError(error.problems.map((p) => p.message).join('\n'), 1);
      throw error;
    }
    const { receipt, created } = stored;
    if (!created) process.stderr.write(`note: ${file} was added before (the same bytes): the same URL\n`);
    const rows = Object.entries(receipt).map(([k, v]) => `${k.padEnd(7)} ${v}`);
    process.stdout.write(values.json ? `${JSON.stringify(receipt, null, 2)}\n` : `${rows.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The file's bytes, refused (naming it) when it cannot be read, is too large, or its name says another type than its bytes. */
function readPicture(file: string): Buffer {
  let size: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new CliError(`cannot read ${file}: it is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  // Before it is read: a picture is at most what the API takes.
  if (size > MAX_MEDIA_BYTES) throw new CliError(`${file} is ${size} bytes; a picture is at most ${MAX_MEDIA_BYTES} bytes (20 MiB)`, 1);
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const named = NAMED_TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()];
  const actual = sniffType(body);
  if (named && actual && named !== actual) {
    throw new CliError(`${file} is a ${IMAGE_TYPES[actual].name} image, though its name says ${IMAGE_TYPES[named as keyof typeof IMAGE_TYPES].name}: rename it .${IMAGE_TYPES[actual].extension}`, 1);
  }
  return body;
}

import type { Problem } from '../validate/problems.js';
import { MAX_BLOCK_CHARS } from './schema.js';

/**
 * Bounds on the shape of a document a writer sends, well above any article's own: an article nests
 * about 6 levels deep, its keys are field names and language tags, its longest text is a block of
 * 1,000,000 characters, and at every limit in ten languages it holds under 500,000 values.
 */
export const SHAPE_LIMITS = { depth: 64, keyChars: 256, stringChars: MAX_BLOCK_CHARS, values: 500_000 } as const;

export type ShapeLimits = { [K in keyof typeof SHAPE_LIMITS]: number };

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string;
}

/**
 * What makes a parsed JSON value unsafe or costly to check, found before anything walks it:
 * - nesting that would overflow a recursive walk (text normalization, the schema's deep equality);
 * - text longer than any field takes (on tens of megabytes a pattern or format check can overflow
 *   the regular-expression stack), and keys longer than any field name (each problem names its key);
 * - more values than the largest article holds: the schema check makes an error object for each
 *   bad one, so a 32 MiB body of `[1,1,…]` would take seconds and gigabytes to refuse.
 * Iterative, so a value nested 100,000 levels deep is measured without a deep stack. Stops at the
 * first problem: the value is refused either way, and its schema problems are not worth listing.
 */
export function checkShape(value: unknown, limits: ShapeLimits = SHAPE_LIMITS): Problem[] {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: '' }];
  const tooMany: Problem[] = [{ pointer: '', message: `holds more than ${limits.values} values; a document holds at most that many` }];
  // Values seen, counted as they are found (before they are stacked), so an array of millions
  // is refused without a frame for each of its items.
  let values = 1;
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const v = frame.value;
    if (typeof v === 'string' && v.length > limits.stringChars) return [{ pointer: pointerOf(frame), message: `is ${v.length} characters long; no text in a document is longer than ${limits.stringChars}` }];
    if (typeof v !== 'object' || v === null) continue;
    const depth = frame.depth + 1;
    if (depth > limits.depth) return [{ pointer: pointerOf(frame), message: `nests deeper than ${limits.depth} levels` }];
    if (Array.isArray(v)) {
      if ((values += v.length) > limits.values) return tooMany;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, key: String(i) });
    } else {
      const keys = Object.keys(v);
      const long = keys.find((k) => k.length > limits.keyChars);
      if (long !== undefined) return [{ pointer: pointerOf(frame), message: `has a property name ${long.length} characters long; none in a document is longer than ${limits.keyChars}` }];
      if ((values += keys.length) > limits.values) return tooMany;
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]!], depth, parent: frame, key: keys[i]! });
    }
  }
  return [];
}

/** RFC 6901 pointer of a frame, built only for the one that broke a limit. */
function pointerOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  return keys.reverse().map((k) => `/${k}`).join('');
}

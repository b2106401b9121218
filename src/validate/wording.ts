import type { ErrorObject } from 'ajv';
import { describeForbiddenChar, pointerOf, type Problem } from './problems.js';

/**
 * Schema errors in words, for the people who write documents (editors, API clients): each message
 * starts with the field it is about and says what the field must be, with an example, instead of
 * quoting a regular expression (`published must be a date and time with an offset, e.g.
 * 2021-02-18T19:30:00+03:00`, not `/published: must match the pattern …`). The JSON pointer stays
 * in the problem's `pointer`, for programs.
 */

const FORBIDDEN_ANY = /[\u0000-\u0008\u000B-\u001F\u202A-\u202E\uFFFE\uFFFF]/;

const DATE_TIME = 'a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00';

/**
 * What a value of each pattern is, in words, keyed by the pattern as the article schema writes it
 * (`src/article/schema.ts`; a test walks that schema so a new pattern cannot go without words).
 */
export const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$': '3 to 64 lowercase letters a–z, digits and hyphens, starting and ending with a letter or digit, e.g. 2021-02-18-nato-iraq-mission',
  '(Z|[+-]\\d{2}:\\d{2})$': DATE_TIME,
  '^https?://[\\x21-\\x7E]+$': 'an absolute http or https URL in ASCII characters, e.g. https://www.kurdistan24.net/',
  '^[A-Z]{2}$': 'an ISO 3166-1 alpha-2 country code in capitals, e.g. IQ',
  '^medtop:[0-9]{8}$': 'an IPTC Media Topic code, "medtop:" and 8 digits, e.g. medtop:16000000',
  '^(https?://|/[^/])\\S*$': 'an absolute http or https URL, or a path on this service such as /media/nato-mission-iraq.jpg, without spaces',
  '^[\\p{L}\\p{M}\\p{N}]+(-[\\p{L}\\p{M}\\p{N}]+)*$': 'letters and digits of any script joined by single hyphens, e.g. nato-mission-iraq (no spaces, no hyphen at either end)',
};

/** What a value of each format is, in words, where its field has no pattern that says more. */
const FORMAT_WORDS: Readonly<Record<string, string>> = {
  'date-time': DATE_TIME,
  uri: 'an absolute URL, e.g. https://www.kurdistan24.net/',
  'uri-reference': 'a URL or a path, e.g. /media/nato-mission-iraq.jpg',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a text (a JSON string)',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list (a JSON array)',
  object: 'an object ({…})',
  null: 'null',
};

/** What one item of each list is called, for "must have at least one block". */
const ITEM_NOUNS: Readonly<Record<string, [string, string]>> = {
  body: ['block', 'blocks'],
  subjects: ['subject', 'subjects'],
  contributors: ['contributor', 'contributors'],
  images: ['image', 'images'],
};

/**
 * A JSON pointer as a field name a person reads: `/localizations/en/body/0/text` is
 * `localizations.en.body[0].text`; the whole document (`""`) is `subject`.
 */
export function labelOf(pointer: string, subject = 'the document'): string {
  if (pointer === '') return subject;
  if (!pointer.startsWith('/')) return pointer;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((label, key, i) => (/^\d+$/.test(key) ? `${label}[${key}]` : i === 0 ? key : `${label}.${key}`), '');
}

/** Turns ajv's errors into worded problems: one per field and broken rule, every message naming its field. */
export function wordProblems(errors: readonly ErrorObject[], subject = 'the document'): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  // An empty text breaks its pattern too: "must not be empty" says it, the pattern's words would not help.
  const empty = new Set(errors.filter((e) => e.keyword === 'minLength' && e.data === '').map((e) => e.instancePath));
  for (const e of errors) {
    if ((e.keyword === 'pattern' || e.keyword === 'format') && empty.has(e.instancePath)) continue;
    const problem = wordError(e, subject);
    if (!problem) continue;
    // A field with a pattern and a format breaks both at once: one message says it.
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** One ajv error in words, or undefined for the wrappers that repeat an inner error (`propertyNames`, `if`). */
export function wordError(e: ErrorObject, subject = 'the document'): Problem | undefined {
  if (e.keyword === 'propertyNames' || e.keyword === 'if') return undefined;
  const pointer = pointerOf(e);
  const field = labelOf(pointer, subject);
  const parent = labelOf(e.instancePath, subject);
  const given = describeValue(e.data);
  const parentSchema = (e.parentSchema ?? {}) as { pattern?: string; properties?: Record<string, unknown>; propertyNames?: unknown };
  const limit = Number(e.params.limit);
  const say = (message: string): Problem => ({ pointer, message });

  if (e.propertyName !== undefined && e.keyword === 'enum') {
    return say(`${field} is not a supported language (supported: ${list(e.params.allowedValues)})`);
  }
  switch (e.keyword) {
    case 'required':
      return say(`${field} is required`);
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(e.params.additionalProperty ?? e.params.unevaluatedProperty);
      const known = Object.keys(parentSchema.properties ?? {});
      const meant = closestName(name, known);
      const where = e.instancePath === '' ? subject : parent;
      return say(meant ? `${field} is not a field of ${where}: did you mean ${meant}?` : `${field} is not a field of ${where} (its fields: ${known.join(', ')})`);
    }
    case 'type': {
      const types = String(e.params.type).split(',').filter((t) => t !== 'null');
      return say(`${field} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${given}`);
    }
    case 'enum': {
      const allowed = e.params.allowedValues as unknown[];
      const languages = e.schemaPath.endsWith('/sourceLanguage/enum') || e.schemaPath.endsWith('/from/enum');
      return say(languages ? `${field} must be a supported language tag (${list(allowed)}), not ${given}` : `${field} must be one of ${list(allowed)}, not ${given}`);
    }
    case 'pattern': {
      if (typeof e.data === 'string') {
        const why = describeForbiddenChar(e.data, FORBIDDEN_ANY);
        if (why) return say(`${field} ${why}`);
      }
      const pattern = String(e.params.pattern);
      const words = PATTERN_WORDS[pattern];
      return say(words ? `${field} must be ${words}, not ${given}` : `${field} is not in the form it must have (the pattern ${pattern}), not ${given}`);
    }
    case 'format': {
      const words = (parentSchema.pattern ? PATTERN_WORDS[parentSchema.pattern] : undefined) ?? FORMAT_WORDS[String(e.params.format)];
      return say(`${field} must be ${words ?? `a valid ${String(e.params.format)}`}, not ${given}`);
    }
    case 'minLength':
      return say(limit === 1 ? `${field} must not be empty` : `${field} is too short: ${length(e.data)} characters, at least ${limit}`);
    case 'maxLength':
      return say(`${field} is too long: ${length(e.data)} characters, at most ${limit}`);
    case 'minItems': {
      const [one, many] = nounsOf(pointer);
      const has = count(e.data);
      return say(`${field} must have at least ${limit === 1 ? `one ${one}` : `${limit} ${many}`}${has === 0 ? ' (it is empty)' : ` (it has ${has})`}`);
    }
    case 'maxItems': {
      const [one, many] = nounsOf(pointer);
      return say(`${field} has ${count(e.data)} ${many}; at most ${limit === 1 ? `one ${one} is` : `${limit} are`} allowed`);
    }
    case 'minProperties':
      return say(parentSchema.propertyNames ? `${field} must have at least ${limit === 1 ? 'one language' : `${limit} languages`} (it is empty)` : `${field} must have at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`);
    case 'maxProperties':
      return say(`${field} has too many entries: at most ${limit}`);
    case 'minimum':
      return say(`${field} must be at least ${limit}, not ${given}`);
    case 'maximum':
      return say(`${field} must be at most ${limit}, not ${given}`);
    case 'uniqueItems': {
      const [one] = nounsOf(pointer);
      return say(`${field} has the same ${one} twice: ${field}[${String(e.params.j)}] and ${field}[${String(e.params.i)}]`);
    }
    default:
      return say(`${field} ${e.message ?? `breaks the rule "${e.keyword}"`}`);
  }
}

/**
 * A problem as one line for a person: the message alone where it names its field (worded
 * problems do), else `pointer: message`. `subject` names the whole document (pointer ""). `inputs` maps pointers (`*` for any one segment) to the
 * flag or parameter that set the field, e.g. `{ '/published': '--published' }`: the message then
 * names that instead.
 */
export function describeProblem(problem: Problem, subject = 'the document', inputs: Readonly<Record<string, string>> = {}): string {
  const input = inputFor(problem.pointer, inputs);
  const label = labelOf(problem.pointer, subject);
  const named = problem.message.startsWith(`${label} `);
  if (input) return named ? `${input}${problem.message.slice(label.length)}` : `${input}: ${problem.message}`;
  return named ? problem.message : `${problem.pointer || '/'}: ${problem.message}`;
}

function inputFor(pointer: string, inputs: Readonly<Record<string, string>>): string | undefined {
  const segments = pointer.split('/');
  for (const [pattern, input] of Object.entries(inputs)) {
    const want = pattern.split('/');
    if (want.length === segments.length && want.every((s, i) => s === '*' || s === segments[i])) return input;
  }
  return undefined;
}

/**
 * The known name `name` was probably meant to be: the same but for case, `-` or `_`, or at most
 * one edit in four characters away (a typo: `headlin` → `headline`).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const exact = known.find((k) => fold(k) === fold(name));
  if (exact) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    // Lengths this far apart cannot be close (and a huge unknown name costs nothing to refuse).
    if (Math.abs(name.length - k.length) > Math.max(1, Math.floor(k.length / 4)) + 2) continue;
    const distance = editDistance(fold(name), fold(k));
    if (distance <= Math.max(1, Math.floor(k.length / 4)) && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}


function nounsOf(pointer: string): [string, string] {
  const last = pointer.split('/').at(-1) ?? '';
  return ITEM_NOUNS[last] ?? ['item', 'items'];
}

/** The value a writer sent, short enough for a message: `"live"`, `0`, `a list`, `an object`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const chars = [...value];
    return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : value);
  }
  return String(value);
}

function list(values: unknown): string {
  return (values as unknown[]).map(String).join(', ');
}

/** Characters as JSON Schema counts them: code points. */
function length(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

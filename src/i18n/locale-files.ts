import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageRegistry } from './languages.js';

/** One thing wrong with the locale files (or with how the code uses them). */
export interface LocaleProblem {
  /** The file, as shown to translators: `locales/<tag>/<namespace>.json`. */
  file: string;
  /** Dotted key, e.g. `labels.photoCredit`; empty for the file as a whole. */
  key: string;
  message: string;
  /** 1-based line and column, for a file that is not valid JSON. */
  line?: number;
  column?: number;
}

/** `locales/ar/common.json:3:12: message` or `locales/ar/common.json: feed.rights: message`. */
export function formatProblem(p: LocaleProblem): string {
  if (p.line !== undefined) return `${p.file}:${p.line}:${p.column ?? 1}: ${p.message}`;
  return `${p.file}: ${p.key || '(file)'}: ${p.message}`;
}

/** language → namespace → the file's tree of texts. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The sidecar that describes every key of a namespace for translators: `common.descriptions.json`. */
export const DESCRIPTIONS_SUFFIX = '.descriptions.json';

export interface LocaleFiles {
  resources: Resources;
  /** Namespace → the source language's descriptions (`locales/en/<ns>.descriptions.json`). */
  descriptions: Record<string, Record<string, unknown>>;
  /** Files that could not be read or are not JSON objects of texts. */
  problems: LocaleProblem[];
}

export interface ReadOptions {
  /** The language whose folder holds the descriptions (default `en`). */
  source?: string;
  /** How problems name the folder (default `locales`). */
  root?: string;
}

/**
 * Reads `<dir>/<tag>/<namespace>.json` for every registry language, and the source language's
 * `<namespace>.descriptions.json`. Never throws for what a translator can get wrong: a file that
 * is not JSON is reported with its line and column, a value that is not text with its key.
 */
export function readLocaleFiles(languages: LanguageRegistry, dir: string, { source = 'en', root = 'locales' }: ReadOptions = {}): LocaleFiles {
  const out: LocaleFiles = { resources: {}, descriptions: {}, problems: [] };
  for (const tag of languages.tags) {
    const resources: Record<string, Record<string, unknown>> = {};
    out.resources[tag] = resources;
    let names: string[];
    try {
      names = readdirSync(join(dir, tag)).filter((f) => f.endsWith('.json')).sort();
    } catch (error) {
      out.problems.push({ file: `${root}/${tag}/`, key: '', message: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    for (const name of names) {
      const file = `${root}/${tag}/${name}`;
      const isDescriptions = name.endsWith(DESCRIPTIONS_SUFFIX);
      if (isDescriptions && tag !== source) {
        out.problems.push({ file, key: '', message: `descriptions live in ${root}/${source}/ only (translators read the ${source} ones)` });
        continue;
      }
      const tree = readTree(join(dir, tag, name), file, out.problems);
      if (!tree) continue;
      if (isDescriptions) out.descriptions[name.slice(0, -DESCRIPTIONS_SUFFIX.length)] = tree;
      else resources[name.slice(0, -'.json'.length)] = tree;
    }
  }
  return out;
}

/** One file as a tree whose leaves are all text, or undefined (with the problem recorded). */
function readTree(path: string, file: string, problems: LocaleProblem[]): Record<string, unknown> | undefined {
  let text: string;
  try {
    // A byte-order mark (some editors on Windows write one) is not part of the JSON.
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    problems.push({ file, key: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    return undefined;
  }
  const parsed = parseJson(text);
  if ('error' in parsed) {
    problems.push({ file, key: '', ...parsed.error });
    return undefined;
  }
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    problems.push({ file, key: '', line: 1, column: 1, message: 'the file must hold one JSON object: { "key": "text", … }' });
    return undefined;
  }
  const before = problems.length;
  checkLeaves(parsed.value as Record<string, unknown>, '', file, problems);
  return problems.length === before ? (parsed.value as Record<string, unknown>) : undefined;
}

/** Every leaf must be text: i18next would show a number as is and an array or null as nothing useful. */
function checkLeaves(tree: Record<string, unknown>, prefix: string, file: string, problems: LocaleProblem[]): void {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) checkLeaves(v as Record<string, unknown>, key, file, problems);
    else problems.push({ file, key, message: `must be text in double quotes, not ${Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`}` });
  }
}

/**
 * JSON.parse, with a failure given as line and column (1-based) and a message a translator can
 * act on. V8 reports only a character offset ("… in JSON at position 812"), or none at the end of
 * the input; a trailing comma, the commonest slip, is named as such at the comma.
 */
export function parseJson(text: string): { value: unknown } | { error: { line: number; column: number; message: string } } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const raw = (error as Error).message;
    const at = /at position (\d+)/.exec(raw);
    let offset = at ? Number(at[1]) : text.length;
    let message = raw.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    // At the very end (nothing but spaces after it): the file was cut short, whatever V8 says.
    if (!at || text.slice(offset).trim() === '') message = 'the file ends too early: a closing } or " is missing';
    const closer = text[offset];
    if (closer === '}' || closer === ']') {
      const comma = lastNonSpace(text, offset);
      if (comma !== -1 && text[comma] === ',') {
        offset = comma;
        message = `trailing comma before "${closer}": remove this comma`;
      }
    }
    return { error: { ...lineAndColumn(text, offset), message } };
  }
}

function lastNonSpace(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (!/\s/.test(text[i]!)) return i;
  return -1;
}

/** 1-based line and column (in UTF-16 code units, as editors count for these scripts) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A tree of texts as `dotted.key → text`. */
export function flattenTexts(obj: Record<string, unknown>, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null) flattenTexts(v as Record<string, unknown>, key, into);
    else into.set(key, String(v));
  }
  return into;
}

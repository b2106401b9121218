import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The code's own sources (from `src/` and from `dist/` alike: both sit beside `src/`). */
export const SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

/** Where the code names a key. */
export interface KeySite {
  /** `src/pages/article.ts` */
  file: string;
  line: number;
}

export interface KeyUsage {
  /** `ns:dotted.key` (or a subtree of keys, `common:labels`) → where the code names it. */
  keys: Map<string, KeySite[]>;
  /** Keys built at run time, `ns:prefix.*` as `DynamicKey.pattern` writes them (`*` for each `${…}`) → where. */
  built: Map<string, KeySite[]>;
  /**
   * Every template literal with a `${…}` in it, anywhere, in the same shape (`medtop.*`): a key
   * may be built apart from the call that translates it (`const key = \`medtop.${code}\``).
   */
  templates: Set<string>;
}

const IDENT = String.raw`[A-Za-z_$][\w$]*`;
/** One string literal: single, double or backtick quoted (groups 1, 2, 3). */
const LITERAL = String.raw`(?:'([^'\\\n]*)'|"([^"\\\n]*)"|` + '`' + String.raw`((?:[^` + '`' + String.raw`\\]|\\.)*)` + '`)';

/**
 * Finds every locale key the code names in `src/`:
 * - the first argument of a translate function: `t('labels.photoCredit')`, where a translate
 *   function is `t`, a variable given a fixed `t` (`const en = s.translator.t('en')`) or a
 *   parameter typed `Translate` or `TFunction`;
 * - a key passed with one to a helper: `buildDateLine(t, 'labels.published', …)`;
 * - a path into an imported English file: `english.labels.skipToContent` after
 *   `import english from '../../locales/en/common.json'`;
 * - a key built in a template literal, ``t(`languageNames.${tag}`)``, as a pattern (`languageNames.*`).
 * Comments are ignored, so a key named only in a comment is not used.
 */
export function scanKeyUsage(srcDir: string = SRC_DIR, root = 'src'): KeyUsage {
  if (!existsSync(srcDir)) throw new Error(`${root}/: cannot scan the code for the keys it uses: the folder is missing`);
  const usage: KeyUsage = { keys: new Map(), built: new Map(), templates: new Set() };
  for (const path of listSources(srcDir)) {
    const file = `${root}/${relative(srcDir, path).split(sep).join('/')}`;
    scanSource(readFileSync(path, 'utf8'), file, usage);
  }
  return usage;
}

/** Adds the keys one source file names to `usage`. */
export function scanSource(text: string, file: string, usage: KeyUsage): void {
  const code = blankComments(text);
  const lineAt = (index: number) => code.slice(0, index).split('\n').length;
  const add = (map: Map<string, KeySite[]>, key: string, index: number) => {
    const sites = map.get(key) ?? [];
    sites.push({ file, line: lineAt(index) });
    map.set(key, sites);
  };
  const record = (raw: string, template: boolean, index: number) => {
    const built = template && raw.includes('${');
    const key = qualify(built ? raw.replace(/\$\{[^}]*\}/g, '*') : raw);
    if (key) add(built ? usage.built : usage.keys, key, index);
  };

  const names = new Set(['t']);
  for (const m of code.matchAll(new RegExp(String.raw`\b(?:const|let|var)\s+(${IDENT})\s*=\s*[\w$.?]*\.t\(`, 'g'))) names.add(m[1]!);
  for (const m of code.matchAll(new RegExp(String.raw`\b(${IDENT})\s*\??:\s*(?:Translate|TFunction)\b`, 'g'))) names.add(m[1]!);
  const callee = `(?<![\\w$.])(?:${[...names].map(escapeRegExp).join('|')})`;
  for (const m of code.matchAll(new RegExp(String.raw`${callee}\(\s*${LITERAL}`, 'g'))) record(m[1] ?? m[2] ?? m[3]!, m[3] !== undefined, m.index);
  for (const m of code.matchAll(new RegExp(String.raw`${callee}\s*,\s*${LITERAL}`, 'g'))) record(m[1] ?? m[2] ?? m[3]!, m[3] !== undefined, m.index);

  for (const m of code.matchAll(/`((?:[^`\\]|\\.)*)`/g)) if (m[1]!.includes('${')) usage.templates.add(m[1]!.replace(/\$\{[^}]*\}/g, '*'));

  for (const m of code.matchAll(new RegExp(String.raw`\bimport\s+(${IDENT})\s+from\s+['"][^'"]*locales/en/(\w+)\.json['"]`, 'g'))) {
    const [, name, ns] = m;
    for (const p of code.matchAll(new RegExp(String.raw`(?<![\w$.])${escapeRegExp(name!)}((?:\??\.${IDENT})+)`, 'g'))) {
      add(usage.keys, `${ns}:${p[1]!.replace(/\?/g, '').slice(1)}`, p.index);
    }
  }
}

/** `labels.x` → `common:labels.x`; `topics:medtop.x` stays. Undefined for text that cannot be a key. */
function qualify(raw: string): string | undefined {
  if (!/^(?:\w+:)?[\w*-]+(?:\.[\w*${}-]+)*$/.test(raw.replace(/\$\{[^}]*\}/g, '*'))) return undefined;
  return raw.includes(':') ? raw : `common:${raw}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (/\.(?:ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * The source with every comment turned into spaces (line breaks kept, so line numbers stay),
 * strings, template literals and regular expression literals left as they are.
 */
export function blankComments(src: string): string {
  let out = '';
  let i = 0;
  /** The last significant character and word before `i`: they tell a regex's `/` from division. */
  let prev = '';
  let prevWord = '';
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    let stop: number;
    if (c === '/' && next === '/') {
      stop = src.indexOf('\n', i);
      if (stop < 0) stop = src.length;
      out += ' '.repeat(stop - i);
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
    } else {
      if (c === '"' || c === "'" || c === '`') stop = endOfString(src, i);
      else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /^(?:return|typeof|case|in|of|yield|await|void)$/.test(prevWord))) stop = endOfRegExp(src, i);
      else stop = i + 1;
      out += src.slice(i, stop);
      if (!/\s/.test(c)) {
        prev = stop - i > 1 ? 'x' : c;
        prevWord = /[\w$]/.test(c) ? (/[\w$]/.test(src[i - 1] ?? '') ? prevWord + c : c) : '';
      }
    }
    i = stop;
  }
  return out;
}

/** The index after the string or template literal that starts at `start` (templates may nest). */
function endOfString(src: string, start: number): number {
  const quote = src[start]!;
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (quote !== '`' && c === '\n') return i;
    else if (quote === '`' && c === '$' && src[i + 1] === '{') i = endOfExpression(src, i + 2);
    else i++;
  }
  return src.length;
}

/** The index after the `}` that closes a template's `${`. */
function endOfExpression(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'" || c === '`') i = endOfString(src, i);
    else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  return src.length;
}

function endOfRegExp(src: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === '\n') return i;
    else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) {
        i++;
        while (/[a-z]/.test(src[i] ?? '')) i++;
        return i;
      }
      i++;
    }
  }
  return src.length;
}

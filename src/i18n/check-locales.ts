import { DYNAMIC_KEYS, type DynamicKey } from './dynamic-keys.js';
import type { KeyUsage } from './key-usage.js';
import type { LanguageRegistry } from './languages.js';
import { DESCRIPTIONS_SUFFIX, flattenTexts, type LocaleFiles, type LocaleProblem, type Resources } from './locale-files.js';
import { checkStoryTopicLabels } from '../topics/check.js';
import { readContentTopics } from '../topics/content.js';

export { formatProblem, type LocaleProblem } from './locale-files.js';

export interface CheckOptions {
  /** The source of truth (default `en`). */
  source?: string;
  /** How problems name the locale folder (default `locales`). */
  root?: string;
}

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([\w.]+)(?:\s*,[^}]*)?\s*\}\}/g;
/** Names that stay in Latin script in every language. */
const LATIN_ALLOWED = new Set(['RSS', 'Atom', 'JSON', 'Feed', 'NewsML', 'G2', 'W3C', 'Rojname']);

/**
 * What readers would see wrong: files that cannot be read, and every problem `checkLocales`
 * finds in the others. `serve`, `build` and `preview` refuse to run on any of these.
 */
export function checkTranslations(languages: LanguageRegistry, files: LocaleFiles, options: CheckOptions = {}): LocaleProblem[] {
  const { source = 'en', root = 'locales' } = options;
  const unreadable = files.problems.filter((p) => !p.file.endsWith(DESCRIPTIONS_SUFFIX));
  const broken = new Set(unreadable.map((p) => p.file));
  // A file that could not be read is reported once, as such: not again as missing, nor every key
  // of the other languages as unknown when it is the source's.
  const brokenSource = new Set([...broken].filter((f) => f.startsWith(`${root}/${source}/`)).map((f) => f.slice(`${root}/${source}/`.length, -'.json'.length)));
  const compared = checkLocales(languages, files.resources, { source, root }).filter((p) => {
    if ([...broken].some((b) => (b.endsWith('/') ? p.file.startsWith(b) : p.file === b))) return false;
    const ns = p.file.slice(p.file.lastIndexOf('/') + 1, -'.json'.length);
    return !brokenSource.has(ns);
  });
  return [...unreadable, ...compared];
}

/**
 * Everything `rojname locales check` reports: `checkTranslations`, then the descriptions, then
 * keys no code uses and keys the code uses that the source lacks.
 */
export function checkLocaleFolder(languages: LanguageRegistry, files: LocaleFiles, usage: KeyUsage, options: CheckOptions & { dynamicKeys?: readonly DynamicKey[] } = {}): LocaleProblem[] {
  const { source = 'en', root = 'locales', dynamicKeys = DYNAMIC_KEYS } = options;
  const sourceRes = files.resources[source] ?? {};
  return [
    ...checkTranslations(languages, files, { source, root }),
    ...files.problems.filter((p) => p.file.endsWith(DESCRIPTIONS_SUFFIX)),
    ...checkDescriptions(sourceRes, files.descriptions, { source, root }),
    ...checkKeyUsage(languages, sourceRes, usage, dynamicKeys, { source, root }),
    // Media Topics that stories under content/ use without a label in a language (src/topics/check.ts).
    ...checkStoryTopicLabels(languages, files.resources, readContentTopics(), root),
  ];
}

/**
 * Compares every language's files with English, the source of truth, and names each missing or
 * unknown key, broken placeholder, missing or surplus plural form, empty value, and Latin text left
 * in a non-Latin-script language. Plural forms are those `Intl.PluralRules` gives the tag, which is
 * what i18next uses to choose one.
 */
export function checkLocales(languages: LanguageRegistry, resources: Resources, { source = 'en', root = 'locales' }: CheckOptions = {}): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const sourceRes = resources[source] ?? {};
  for (const lang of languages.languages) {
    const res = resources[lang.tag] ?? {};
    const categories = new Intl.PluralRules(lang.tag).resolvedOptions().pluralCategories as string[];
    for (const ns of new Set([...Object.keys(sourceRes), ...Object.keys(res)])) {
      const file = `${root}/${lang.tag}/${ns}.json`;
      const src = flattenTexts(sourceRes[ns] ?? {});
      const own = flattenTexts(res[ns] ?? {});
      if (!sourceRes[ns]) problems.push({ file, key: '', message: `namespace "${ns}" does not exist in ${source}` });
      if (!res[ns]) problems.push({ file, key: '', message: 'file is missing' });

      const srcBases = new Map<string, string>(); // plural base → the source's "other" text
      for (const [key, value] of src) {
        const m = PLURAL_SUFFIX.exec(key);
        if (m) {
          const base = key.slice(0, m.index);
          if (m[1] === 'other' || !srcBases.has(base)) srcBases.set(base, value);
          continue;
        }
        const mine = own.get(key);
        if (mine === undefined) problems.push({ file, key, message: 'missing' });
        else checkValue(file, key, value, mine, lang.script, problems, false);
      }
      for (const [base, srcOther] of srcBases) {
        for (const cat of categories) {
          const key = `${base}_${cat}`;
          const mine = own.get(key);
          if (mine === undefined) problems.push({ file, key, message: `missing plural form "${cat}" (${lang.tag} needs: ${categories.join(', ')})` });
          else checkValue(file, key, srcOther, mine, lang.script, problems, ['zero', 'one', 'two'].includes(cat));
        }
      }
      for (const key of own.keys()) {
        const m = PLURAL_SUFFIX.exec(key);
        const base = m ? key.slice(0, m.index) : key;
        if (m && srcBases.has(base)) {
          if (!categories.includes(m[1]!)) problems.push({ file, key, message: `plural form "${m[1]}" is not used in ${lang.tag} (it uses: ${categories.join(', ')})` });
        } else if (!src.has(key)) {
          problems.push({ file, key, message: `unknown key (not in ${source})` });
        }
      }
    }
  }
  return problems;
}

function checkValue(file: string, key: string, source: string, value: string, script: string, problems: LocaleProblem[], countOptional: boolean): void {
  if (value.trim() === '') {
    problems.push({ file, key, message: 'empty' });
    return;
  }
  const want = placeholders(source);
  const have = placeholders(value);
  for (const p of want) {
    if (!have.has(p) && !(countOptional && p === 'count')) problems.push({ file, key, message: `placeholder {{${p}}} is missing` });
  }
  for (const p of have) if (!want.has(p)) problems.push({ file, key, message: `placeholder {{${p}}} is not in the source text` });
  if (/\{\{(?![^{}]*\}\})|(?<!\{\{[^{}]*)\}\}/.test(value)) problems.push({ file, key, message: 'unbalanced {{ }}' });
  if (script !== 'Latn') {
    const latin = (value.replace(PLACEHOLDER, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w));
    if (latin.length > 0) problems.push({ file, key, message: `Latin text left untranslated: ${latin.join(' ')}` });
  }
}

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
}

/**
 * The source's keys as translators see them: a plural key once, by its base (`counts.stories`),
 * with the text of its `other` form; each with its text.
 */
export function listSourceKeys(tree: Record<string, unknown>): Map<string, { text: string; plural: boolean }> {
  const keys = new Map<string, { text: string; plural: boolean }>();
  for (const [key, text] of flattenTexts(tree)) {
    const m = PLURAL_SUFFIX.exec(key);
    if (!m) keys.set(key, { text, plural: false });
    else if (m[1] === 'other' || !keys.has(key.slice(0, m.index))) keys.set(key.slice(0, m.index), { text, plural: true });
  }
  return keys;
}

/**
 * Every source key has a description for translators (`<ns>.descriptions.json` beside the source
 * file, nested like it; a plural key described once, by its base) that explains each of its
 * placeholders; and nothing is described that does not exist.
 */
export function checkDescriptions(sourceRes: Record<string, Record<string, unknown>>, descriptions: Record<string, Record<string, unknown>>, { source = 'en', root = 'locales' }: CheckOptions = {}): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  for (const ns of new Set([...Object.keys(sourceRes), ...Object.keys(descriptions)])) {
    const file = `${root}/${source}/${ns}${DESCRIPTIONS_SUFFIX}`;
    const textFile = `${root}/${source}/${ns}.json`;
    const keys = listSourceKeys(sourceRes[ns] ?? {});
    if (!sourceRes[ns]) {
      problems.push({ file, key: '', message: `describes a namespace that has no ${textFile}` });
      continue;
    }
    if (!descriptions[ns]) {
      problems.push({ file, key: '', message: `file is missing: every key of ${textFile} needs a description` });
      continue;
    }
    const described = flattenTexts(descriptions[ns]);
    for (const [key, { text }] of keys) {
      const description = described.get(key);
      if (description === undefined) problems.push({ file, key, message: 'no description: say what the text is, where readers see it and what each placeholder holds' });
      else if (description.trim() === '') problems.push({ file, key, message: 'empty description' });
      else for (const p of placeholders(text)) if (!description.includes(`{{${p}}}`)) problems.push({ file, key, message: `the description does not say what {{${p}}} holds` });
    }
    for (const key of described.keys()) {
      if (keys.has(key)) continue;
      const m = PLURAL_SUFFIX.exec(key);
      const hint = m && keys.get(key.slice(0, m.index))?.plural ? ` (describe a plural key once, as "${key.slice(0, m.index)}")` : '';
      problems.push({ file, key, message: `describes a key that ${textFile} does not have${hint}` });
    }
  }
  return problems;
}

/**
 * Keys the source has that no code uses (reported once, in the source file: removing one means
 * removing it from every language), and keys the code uses that the source lacks. A key is used
 * when the scan of `src/` finds it (a plural key by its base, a subtree by its prefix) or a
 * `DynamicKey` covers it; a key built at run time must be declared as one, and a declaration
 * must still be built somewhere.
 */
export function checkKeyUsage(languages: LanguageRegistry, sourceRes: Record<string, Record<string, unknown>>, usage: KeyUsage, dynamicKeys: readonly DynamicKey[], { source = 'en', root = 'locales' }: CheckOptions = {}, dynamicFile = 'src/i18n/dynamic-keys.ts'): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const split = (qualified: string) => {
    const colon = qualified.indexOf(':');
    return { ns: qualified.slice(0, colon), key: qualified.slice(colon + 1) };
  };
  const fileOf = (ns: string) => `${root}/${source}/${ns}.json`;
  const where = (sites: { file: string; line: number }[]) => sites.map((s) => `${s.file}:${s.line}`).join(', ');
  const has = new Map(Object.entries(sourceRes).map(([ns, tree]) => [ns, listSourceKeys(tree)]));
  const exists = (ns: string, key: string) => {
    const keys = has.get(ns);
    return keys !== undefined && (keys.has(key) || [...keys.keys()].some((k) => k.startsWith(`${key}.`)));
  };

  // Keys built at run time: each declared, each declaration still built; known values must exist.
  const qualify = (pattern: string) => (pattern.includes(':') ? pattern : `common:${pattern}`);
  const declared = new Set(dynamicKeys.map((d) => qualify(d.pattern)));
  for (const [pattern, sites] of usage.built) {
    if (!declared.has(pattern)) {
      const shown = pattern.startsWith('common:') ? pattern.slice('common:'.length) : pattern;
      for (const site of sites) problems.push({ file: site.file, key: shown, message: `the key is built at run time (line ${site.line}) but not declared in ${dynamicFile}` });
    }
  }
  const globs = dynamicKeys.map((d) => {
    const { ns, key } = split(qualify(d.pattern));
    const values = d.values?.(languages);
    if (!usage.built.has(qualify(d.pattern)) && !usage.templates.has(d.pattern) && !usage.templates.has(key)) problems.push({ file: dynamicFile, key: d.pattern, message: 'declared, but no code in src/ builds this key any more: remove the entry' });
    if (values) for (const v of values) if (!exists(ns, key.replace('*', v))) problems.push({ file: fileOf(ns), key: key.replace('*', v), message: `missing (built by ${d.builtBy})` });
    const [before, after] = key.split('*') as [string, string?];
    return { ns, matches: (k: string) => (values ? values.some((v) => k === key.replace('*', v)) : k.startsWith(before) && k.endsWith(after ?? '') && k.length > before.length + (after ?? '').length) };
  });

  // Keys the code names that the source lacks.
  const used = new Map<string, Set<string>>();
  for (const [qualified, sites] of usage.keys) {
    const { ns, key } = split(qualified);
    if (!used.has(ns)) used.set(ns, new Set());
    used.get(ns)!.add(key);
    if (!exists(ns, key)) problems.push({ file: fileOf(ns), key, message: `missing, but the code uses it (${where(sites)})` });
  }

  // Keys the source has that nothing uses.
  for (const [ns, keys] of has) {
    const named = used.get(ns) ?? new Set<string>();
    for (const key of keys.keys()) {
      const isUsed = named.has(key) || [...named].some((u) => key.startsWith(`${u}.`)) || globs.some((g) => g.ns === ns && g.matches(key));
      if (!isUsed) problems.push({ file: fileOf(ns), key, message: `no code uses this key: remove it from every language (or, if the code builds it at run time, declare it in ${dynamicFile})` });
    }
  }
  return problems;
}

import type { LanguageRegistry } from './languages.js';
import type { Resources } from './i18n.js';

export interface LocaleProblem {
  /** `locales/<tag>/<namespace>.json` */
  file: string;
  /** Dotted key, e.g. `labels.photoCredit`. */
  key: string;
  message: string;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([\w.]+)(?:\s*,[^}]*)?\s*\}\}/g;
/** Names that stay in Latin script in every language. */
const LATIN_ALLOWED = new Set(['RSS', 'Atom', 'JSON', 'Feed', 'NewsML', 'G2', 'W3C', 'Rojname']);

/**
 * Compares every language's files with English, the source of truth, and names each missing or
 * unknown key, broken placeholder, missing or surplus plural form, empty value, and Latin text left
 * in a non-Latin-script language. Plural forms are those `Intl.PluralRules` gives the tag, which is
 * what i18next uses to choose one.
 */
export function checkLocales(languages: LanguageRegistry, resources: Resources, source = 'en'): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const sourceRes = resources[source] ?? {};
  for (const lang of languages.languages) {
    const res = resources[lang.tag] ?? {};
    const categories = new Intl.PluralRules(lang.tag).resolvedOptions().pluralCategories as string[];
    for (const ns of new Set([...Object.keys(sourceRes), ...Object.keys(res)])) {
      const file = `locales/${lang.tag}/${ns}.json`;
      const src = flatten(sourceRes[ns] ?? {});
      const own = flatten(res[ns] ?? {});
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

function flatten(obj: Record<string, unknown>, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null) flatten(v as Record<string, unknown>, key, into);
    else into.set(key, String(v));
  }
  return into;
}

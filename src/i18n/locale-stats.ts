import { PLURAL_SUFFIX, listSourceKeys } from './check-locales.js';
import type { LanguageRegistry } from './languages.js';
import type { LocaleFiles, LocaleProblem } from './locale-files.js';

/** How much of one namespace one language has translated. */
export interface Coverage {
  language: string;
  namespace: string;
  /** Source keys (a plural key once, by its base) this language has without any problem. */
  translated: number;
  total: number;
}

/**
 * Per language and source namespace: how many source keys have a translation `checkTranslations`
 * finds nothing wrong with (`problems`). A plural key counts once, and only with every form the
 * language needs; a file that cannot be read counts none.
 */
export function measureCoverage(languages: LanguageRegistry, files: LocaleFiles, problems: readonly LocaleProblem[], { source = 'en', root = 'locales' } = {}): Coverage[] {
  const coverage: Coverage[] = [];
  const namespaces = Object.keys(files.resources[source] ?? {}).sort();
  for (const lang of languages.languages) {
    for (const namespace of namespaces) {
      const keys = listSourceKeys(files.resources[source]![namespace]!);
      const file = `${root}/${lang.tag}/${namespace}.json`;
      const own = problems.filter((p) => p.file === file || p.file === `${root}/${lang.tag}/`);
      const unusable = !files.resources[lang.tag]?.[namespace] || own.some((p) => p.key === '');
      const wrong = new Set(own.map((p) => p.key.replace(PLURAL_SUFFIX, '')).filter((k) => keys.has(k)));
      coverage.push({ language: lang.tag, namespace, translated: unusable ? 0 : keys.size - wrong.size, total: keys.size });
    }
  }
  return coverage;
}

/** The coverage as a table a person reads: a row per language, a column per namespace and the sum. */
export function formatCoverage(languages: LanguageRegistry, coverage: readonly Coverage[]): string {
  const namespaces = [...new Set(coverage.map((c) => c.namespace))];
  // Rounded down, so 100% means complete.
  const cell = (translated: number, total: number) => `${translated}/${total} ${total === 0 ? 100 : Math.floor((translated * 100) / total)}%`;
  const rows = languages.languages.map((lang) => {
    const mine = coverage.filter((c) => c.language === lang.tag);
    const sum = (f: 'translated' | 'total') => mine.reduce((n, c) => n + c[f], 0);
    return [`${lang.tag} (${lang.englishName})`, ...namespaces.map((ns) => mine.find((c) => c.namespace === ns)!).map((c) => cell(c.translated, c.total)), cell(sum('translated'), sum('total'))];
  });
  const table = [['language', ...namespaces, 'all'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => [...r[i]!].length)));
  return table.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ')).join('\n');
}

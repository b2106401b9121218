import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';
import type { LanguageRegistry } from './languages.js';
import { formatProblem, readLocaleFiles, type LocaleProblem, type Resources } from './locale-files.js';

export type { Resources } from './locale-files.js';

/** The locale files shipped with the code. */
export const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));
export const NAMESPACES = ['common', 'topics'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** English is the source of truth: its files give the key types, so a missing key fails to compile. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof import('../../locales/en/common.json');
      topics: typeof import('../../locales/en/topics.json');
    };
  }
}

/**
 * The locale folder the commands read: `ROJNAME_LOCALES_DIR` (a working copy a translator edits,
 * or a test's temporary copy), else the files shipped with the code.
 */
export function resolveLocalesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROJNAME_LOCALES_DIR ? resolve(env.ROJNAME_LOCALES_DIR) : resolve(LOCALES_DIR);
}

/** How problems name a locale folder: relative to the working directory when inside it (`locales`), else absolute. */
export function describeLocalesDir(dir: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(dir) : rel.split(sep).join('/');
}

/** Locale files that cannot be read, or are not JSON objects of texts. */
export class LocaleFilesError extends Error {
  override name = 'LocaleFilesError';
  constructor(readonly problems: LocaleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** Reads `locales/<tag>/<namespace>.json` for every registry language; throws `LocaleFilesError` for a file that cannot be used. */
export function readLocaleResources(languages: LanguageRegistry, dir: string = LOCALES_DIR): Resources {
  const { resources, problems } = readLocaleFiles(languages, dir, { root: describeLocalesDir(resolve(dir)) });
  if (problems.length > 0) throw new LocaleFilesError(problems);
  return resources;
}

/** Translations for one process: one i18next instance, resources preloaded, a fixed `t` per language. */
export interface Translator {
  readonly instance: i18n;
  t(language: string): TFunction<Namespace[]>;
  /**
   * Replaces every language's texts in place (`serve --watch-locales`): every fixed `t` handed
   * out before translates with the new texts from now on. Check `resources` first; this does not.
   */
  reload(resources: Resources): void;
}

export function createTranslator(languages: LanguageRegistry, resources: Resources = readLocaleResources(languages)): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    // No fallback: a missing translation must show up in `rojname locales check`, not as English in an Arabic feed.
    fallbackLng: false,
    supportedLngs: languages.tags,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    initAsync: false,
    // Our serializers escape; i18next's own escaping would escape twice.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(languages.tags.map((tag) => [tag, instance.getFixedT(tag, [...NAMESPACES])]));
  return {
    instance,
    t(language) {
      const t = fixed.get(language);
      if (!t) throw new Error(`no translations for "${language}"`);
      return t;
    },
    reload(next) {
      // Synchronous, so no render (each runs in one turn once its store reads are in) sees half of it.
      for (const tag of languages.tags) {
        const namespaces = new Set([...Object.keys(instance.store.data[tag] ?? {}), ...Object.keys(next[tag] ?? {})]);
        for (const ns of namespaces) {
          instance.removeResourceBundle(tag, ns);
          const bundle = next[tag]?.[ns];
          if (bundle) instance.addResourceBundle(tag, ns, structuredClone(bundle), false, true);
        }
      }
    },
  };
}

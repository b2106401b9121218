import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import type { LanguageRegistry } from './languages.js';

export const LOCALES_DIR = new URL('../../locales/', import.meta.url).pathname;
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

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads `locales/<tag>/<namespace>.json` for every registry language. */
export function readLocaleResources(languages: LanguageRegistry, dir: string = LOCALES_DIR): Resources {
  const resources: Resources = {};
  for (const tag of languages.tags) {
    resources[tag] = {};
    for (const file of readdirSync(join(dir, tag)).filter((f) => f.endsWith('.json'))) {
      const path = join(dir, tag, file);
      try {
        resources[tag][file.slice(0, -5)] = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
  }
  return resources;
}

/** Translations for one process: one i18next instance, resources preloaded, a fixed `t` per language. */
export interface Translator {
  readonly instance: i18n;
  t(language: string): TFunction<Namespace[]>;
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
  };
}

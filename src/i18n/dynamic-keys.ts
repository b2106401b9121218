import type { LanguageRegistry } from './languages.js';

/**
 * A locale key the code builds at run time, which no scan of `t('…')` calls can read:
 * `rojname locales check` counts every key it names as used, and fails on a key built in
 * `src/` that is not declared here (or declared here but built nowhere). Plural forms need no
 * entry: `t('counts.stories', { count })` uses every `counts.stories_<form>` (i18next adds the
 * CLDR suffix), and the check reads it so.
 */
export interface DynamicKey {
  /** The key as the code builds it, `*` for the part known only at run time (`ns:` for a namespace other than `common`). */
  pattern: string;
  /** What fills in the `*`, and where. */
  builtBy: string;
  /** Every value `*` can take, when the code knows them all: each must then be a key in `en`, and no other is used. */
  values?: (languages: LanguageRegistry) => string[];
}

/** The error pages of `src/pages/errors.ts` (its `KEYS`, by status). */
const ERROR_PAGES = ['notFound', 'gone', 'serverError'];

export const DYNAMIC_KEYS: readonly DynamicKey[] = [
  {
    pattern: 'languageNames.*',
    builtBy: 'src/i18n/localize.ts: the translation credit names the source language by its registry tag',
    values: (languages) => languages.tags,
  },
  {
    pattern: 'topics:medtop.*',
    builtBy: "src/i18n/localize.ts: a story's IPTC Media Topic codes (a code without a label is shown as the code)",
  },
  {
    pattern: 'errors.*.title',
    builtBy: 'src/pages/errors.ts: the error page of each HTTP status it renders (404, 410, 500)',
    values: () => ERROR_PAGES,
  },
  {
    pattern: 'errors.*.text',
    builtBy: 'src/pages/errors.ts: the error page of each HTTP status it renders (404, 410, 500)',
    values: () => ERROR_PAGES,
  },
];

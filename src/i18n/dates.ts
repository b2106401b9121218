import type { Language } from './languages.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A date as readers of `language` write it (in the language's own digits): human-facing text only,
 * never a feed's machine-readable date.
 */
export function formatDate(iso: string, language: Language): string {
  const key = `${language.intlLocale}|${language.numberingSystem}`;
  let format = formatters.get(key);
  if (!format) {
    // Stories are dated in Kurdistan's and Iraq's own time zone, whatever the server's.
    format = new Intl.DateTimeFormat(language.intlLocale, { dateStyle: 'long', timeZone: 'Asia/Baghdad', numberingSystem: language.numberingSystem });
    formatters.set(key, format);
  }
  return format.format(new Date(iso));
}


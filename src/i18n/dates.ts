import type { Language } from './languages.js';
import { monthBounds, type MonthKey } from './urls.js';

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


const years = new Map<string, Intl.NumberFormat>();
const yearOf = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Baghdad' });

/**
 * The year of an instant (in Kurdistan's time zone, as dates are shown) in the language's own
 * digits, without grouping: `2026`, `٢٠٢٦`. Interface text only (the rights line).
 */
export function formatYear(iso: string, language: Language): string {
  let format = years.get(language.numberingSystem);
  if (!format) years.set(language.numberingSystem, (format = new Intl.NumberFormat('en', { numberingSystem: language.numberingSystem, useGrouping: false })));
  const year = Number(yearOf.format(new Date(iso)));
  return format.format(year);
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** A UTC month ("March 2026") as readers of `language` write it, in its digits. */
export function formatMonth(month: MonthKey, language: Language): string {
  const key = `${language.intlLocale}|${language.numberingSystem}`;
  let format = monthFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language.intlLocale, { year: 'numeric', month: 'long', timeZone: 'UTC', numberingSystem: language.numberingSystem });
    monthFormats.set(key, format);
  }
  return format.format(new Date(monthBounds(month).start));
}

import { foldName } from '../places/normalize.js';
import type { Contributor, ContributorRole } from './types.js';

/**
 * The trailer: the last paragraph, naming who reported, wrote, edited, translated or photographed.
 *
 * - English (Reuters, Kurdistan 24): `Reporting by X; Editing by Y`, `Additional reporting by X`,
 *   `Writing by X`, `Compiled by X`, `Translated by X`, `Photos by X`.
 * - Arabic: `تحرير: X` (editing), `إعداد: X` (prepared by), `كتابة: X`, `ترجمة: X`, `تصوير: X`, and
 *   Reuters Arabic's trailer in parentheses, without colons: `(إعداد X للنشرة العربية - تحرير Y)`, where
 *   "إعداد … للنشرة العربية" (prepared for the Arabic service) is the translator of an English story,
 *   and `شارك في التغطية X` (additional reporting).
 * - Sorani: `ئامادەکردنی: X` (prepared by), `نووسینی: X` (written by), `ڕاپۆرتی: X`, `وەرگێڕانی: X`
 *   (translated by), `وێنە: X` / `فۆتۆ: X` (photo), `دەستکاریکردنی: X` / `پێداچوونەوەی: X` (editing, review).
 * - Kurmanji: `Amadekirin: X` (preparation), `Amadekar: X`, `Nivîsandin: X`, `Nivîskar: X`,
 *   `Wergerandin: X` / `Werger: X` (translation), `Wêne: X` / `Foto: X`, `Edîtor: X` / `Redaktor: X`.
 *
 * Parts are separated by `;`, `؛`, `|` or a spaced dash, or stand on lines of their own; names by
 * commas (`,` `،`), "and", a free-standing Arabic/Sorani "و" or Kurmanji "û". Arabic's "و" written
 * onto the next name (`ومحمد`) is not split: names such as وليد and وفاء begin with that letter.
 */
const BY_ROLES: Record<string, ContributorRole> = {
  editing: 'editor',
  edited: 'editor',
  reporting: 'author',
  'additional reporting': 'author',
  writing: 'author',
  written: 'author',
  compiled: 'author',
  photo: 'photographer',
  photos: 'photographer',
  photographs: 'photographer',
  translated: 'translator',
  translation: 'translator',
};

/** "KEY: names" in Arabic, Sorani and Kurmanji, by folded key (see `foldName`). */
const COLON_ROLES: ReadonlyMap<string, ContributorRole> = fold({
  تحرير: 'editor',
  مراجعة: 'editor',
  تدقيق: 'editor',
  إعداد: 'author',
  كتابة: 'author',
  تقرير: 'author',
  تغطية: 'author',
  'شارك في التغطية': 'author',
  'شارك في الإعداد': 'author',
  ترجمة: 'translator',
  تصوير: 'photographer',
  ئامادەکردنی: 'author',
  ئامادەکردن: 'author',
  نووسینی: 'author',
  نووسین: 'author',
  ڕاپۆرتی: 'author',
  ڕاپۆرت: 'author',
  وەرگێڕانی: 'translator',
  وەرگێڕان: 'translator',
  وەرگێڕ: 'translator',
  وێنە: 'photographer',
  وێنەی: 'photographer',
  وێنەگر: 'photographer',
  فۆتۆ: 'photographer',
  دەستکاریکردنی: 'editor',
  دەستکاری: 'editor',
  پێداچوونەوەی: 'editor',
  پێداچوونەوە: 'editor',
  amadekirin: 'author',
  amadekar: 'author',
  nivisandin: 'author',
  niviskar: 'author',
  nucegihan: 'author',
  wergerandin: 'translator',
  werger: 'translator',
  wene: 'photographer',
  wenekes: 'photographer',
  foto: 'photographer',
  editor: 'editor',
  redaktor: 'editor',
  sererastkirin: 'editor',
});

/** Reuters Arabic's keys, used without a colon inside its parenthesised trailer. */
const ARABIC_BARE = ['شارك في التغطية', 'شارك في الإعداد', 'إعداد', 'تحرير', 'ترجمة', 'كتابة', 'تصوير'];
const FOR_ARABIC_SERVICE = /\s+للنشرة\s+العربية$/u;

const BY_PART = /^(editing|edited|reporting|additional reporting|writing|written|compiled|photos?|photographs|translated|translation)\s+by\s+(.+)$/i;
const IN_PLACE = /\s+in\s+\p{Lu}[\p{L}\p{M}'’. -]*$/u;
const COLON_PART = /^([^:：]{1,30}?)\s*[:：]\s*(.+)$/u;

/** The contributors a trailer paragraph names, or undefined when `lines` is not a trailer. */
export function readTrailer(lines: readonly string[]): Contributor[] | undefined {
  const text = lines.join('\n');
  if (text.length > 600) return undefined;
  const bracketed = /^\((.+)\)$/su.exec(text.trim());
  const inner = bracketed ? bracketed[1]! : text;
  const parts = inner.split(/\s*(?:[;؛|\n]|\s[-–—]\s)\s*/u).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const contributors: Contributor[] = [];
  for (const part of parts) {
    const found = readPart(part, bracketed !== null);
    if (!found) return undefined;
    contributors.push(...found);
  }
  return contributors;
}

function readPart(part: string, bracketed: boolean): Contributor[] | undefined {
  const by = BY_PART.exec(part);
  // Reuters: "Additional reporting by Karim Saleh in Baghdad": where they reported is not their name.
  if (by) return names(by[2]!, BY_ROLES[by[1]!.toLowerCase()]!)?.map((c) => ({ ...c, name: c.name.replace(IN_PLACE, '') }));
  const colon = COLON_PART.exec(part);
  const role = colon ? COLON_ROLES.get(foldName(colon[1]!)) : undefined;
  if (colon && role) return names(colon[2]!, role);
  if (!bracketed) return undefined;
  // Reuters Arabic: "(إعداد سامح الخطيب للنشرة العربية - تحرير محمد عطية)".
  for (const key of ARABIC_BARE) {
    if (!part.startsWith(`${key} `)) continue;
    const rest = part.slice(key.length + 1);
    if (key === 'إعداد' && FOR_ARABIC_SERVICE.test(rest)) return names(rest.replace(FOR_ARABIC_SERVICE, ''), 'translator');
    return names(rest, COLON_ROLES.get(foldName(key))!);
  }
  return undefined;
}

/** Splits a list of names; undefined when one of them does not look like a name (too long, no letter). */
function names(list: string, role: ContributorRole): Contributor[] | undefined {
  const out = list
    .split(/\s*[,،]\s*|\s+(?:and|&|و|û)\s+/u)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (out.length === 0 || out.some((name) => name.length > 80 || name.split(/\s+/).length > 6 || !/\p{L}/u.test(name))) return undefined;
  return out.map((name) => ({ name, role }));
}

function fold(table: Record<string, ContributorRole>): ReadonlyMap<string, ContributorRole> {
  return new Map(Object.entries(table).map(([key, role]) => [foldName(key), role]));
}

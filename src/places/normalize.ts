/**
 * One key per place name however it is typed: copy arrives from Sorani, Arabic, Persian and Turkish
 * keyboards, with or without diacritics, so "Hewlêr", "HEWLER", "هەولێر" typed with a Persian yeh, or
 * "اربيل" without its hamza all meet the gazetteer's entry.
 *
 * Latin: case and diacritics are dropped (NFD, then no marks; Turkish dotless ı is i), apostrophes
 * and hyphens vanish. Arabic script: harakat, tatweel and ZWNJ/ZWJ are dropped, and letters that
 * keyboards and orthographies swap are folded to one: Arabic ي/ى and Persian/Kurdish ی ێ ې; ك/ک;
 * ه/ە/ة/ھ/ہ/ۀ; hamza seats (أ إ آ ٱ → ا, ؤ → و, ئ → ی, a lone ء dropped); and Sorani's ۆ ڕ ڵ to
 * و ر ل (Kurdistan 24 writes "رایگەیاند" where others write "ڕایگەیاند"). Digits of every
 * script become ASCII.
 */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u061C\u2066-\u2069\uFEFF]/g, '')
    .normalize('NFC')
    .replace(/[\u0622\u0623\u0625\u0671\u0672\u0673]/g, '\u0627')
    .replace(/\u0624/g, '\u0648')
    .replace(/[\u0626\u064A\u0649\u06CC\u06CE\u06D0\u06CD]/g, '\u06CC')
    .replace(/\u0621/g, '')
    .replace(/\u0643/g, '\u06A9')
    .replace(/[\u06D5\u0629\u06BE\u06C1\u06C0]/g, '\u0647')
    .replace(/\u06C6/g, '\u0648')
    .replace(/\u0695/g, '\u0631')
    .replace(/\u06B5/g, '\u0644')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/['’‘`ʼʿʾ.]/g, '')
    .replace(/[\s\-\u2010-\u2015_/]+/g, ' ')
    .trim();
}

/** True when the text is written in Arabic script (no letter case, so casing rules do not apply). */
export function isArabicScript(text: string): boolean {
  return /\p{Script=Arabic}/u.test(text) && !/\p{Script=Latin}/u.test(text);
}

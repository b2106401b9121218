import type { Block } from '../../article/types.js';
import type { Direction } from '../../i18n/languages.js';
import type { NewsMl } from './types.js';

/*
 * The NewsML-G2 body is built for partners' ingest, not for browsers: Superdesk's NewsML-G2 parser keeps
 * only the text before a paragraph's first inline element, so every block holds its whole text and
 * nothing else. What the HTML body (../body.ts) says with markup is said otherwise here: the dateline
 * is `contentMeta/dateline` (and `located`), not `<strong>` in the lead; a Latin run inside
 * right-to-left text is isolated with U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE
 * (Unicode UAX #9) instead of `<span dir="ltr">`; a quote's source is a text line, not `<cite>`.
 */

const LRI = '\u2066';
const PDI = '\u2069';
/** An isolate initiator: LRI, RLI, FSI. */
const OPENS_ISOLATE = /[\u2066-\u2068]/;
/** The Latin runs ../body.ts marks with `<span dir="ltr">` (acronyms, names, URLs), matched the same way. */
const LTR_RUN = /[A-Za-z][A-Za-z0-9.'’@:/_-]*(?:\s+[A-Za-z0-9][A-Za-z0-9.'’@:/_-]*)*/g;

/** Pure: the article's blocks as XHTML text blocks, each with `dir`, and IPTC's counts of their text. */
export function buildXhtmlBody(blocks: readonly Block[], dir: Direction): { body: NewsMl.XhtmlBlock[]; wordcount: number; charcount: number } {
  const text = (value: string): NewsMl.XhtmlText => ({ name: 'p', dir, text: isolate(value, dir) });
  const body = blocks.map((b): NewsMl.XhtmlBlock => {
    if (b.type === 'heading') return { name: 'h2', dir, text: isolate(b.text, dir) };
    if (b.type === 'quote') return { name: 'blockquote', dir, blocks: [text(b.text), ...(b.cite ? [text(citeLine(b.cite))] : [])] };
    return text(b.text);
  });
  const texts = blocks.flatMap((b) => [b.text, ...(b.type === 'quote' && b.cite ? [citeLine(b.cite)] : [])]);
  return { body, wordcount: countWords(texts), charcount: countChars(texts) };
}

/** A quote's source, as its own line: "— Jens Stoltenberg". */
export function citeLine(cite: string): string {
  return `— ${cite}`;
}

/**
 * Right-to-left text with each Latin run between LRI and PDI, so it keeps its order whatever the
 * partner does with the markup; left-to-right text as it is. A run the text already isolates is left alone.
 */
export function isolate(text: string, dir: Direction): string {
  if (dir === 'ltr') return text;
  return text.replace(LTR_RUN, (run: string, at: number) => (OPENS_ISOLATE.test(text[at - 1] ?? '') && text[at + run.length] === PDI ? run : `${LRI}${run}${PDI}`));
}

/**
 * NewsML-G2 `wordcount` ("the count of words of textual content"): runs between white space that
 * hold a letter or a digit, in any script (a dash standing alone is no word). ZWNJ is not white space.
 */
export function countWords(texts: readonly string[]): number {
  return texts.reduce((n, t) => n + t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length, 0);
}

/**
 * NewsML-G2 `charcount` ("the count of characters of textual content"): Unicode characters (code
 * points, as XML counts them) of the blocks' text, as in IPTC's CR00201 example. The isolates added
 * for direction are not counted, as the `<span dir="ltr">` they stand in for would not be.
 */
export function countChars(texts: readonly string[]): number {
  return texts.reduce((n, t) => n + [...t].length, 0);
}

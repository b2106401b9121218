import type { Gazetteer, Place } from '../places/gazetteer.js';
import { foldName, isArabicScript } from '../places/normalize.js';

/**
 * Datelines as wire services print them, in every registry language:
 *
 * - `PLACE[, QUALIFIER] (SOURCE) –`: Kurdistan 24 in every language (`ERBIL (Kurdistan 24) –`,
 *   `هەولێر (کوردستان24) -`, `أربيل (كوردستان 24)- `, `Hewlêr (K24) –`), Reuters (`BAGHDAD, Feb 18
 *   (Reuters) -`, `بغداد (رويترز) -`), AFP (`Baghdad (AFP) -`, `بغداد (أ ف ب) -`), AP (`BAGHDAD (AP) —`);
 *   Arabic may put a date after the place with no comma (`بغداد 18 فبراير شباط (رويترز) -`).
 * - `PLACE - SOURCE:`: the Arabic press (`أربيل - كوردستان 24:`, `أربيل-أ ش أ :`).
 * - A dateline alone on the first line: `PLACE/ SOURCE` (Anadolu Arabic `أنقرة/ الأناضول`), `PLACE-SOURCE`
 *   (SANA `دمشق-سانا`), `SOURCE - PLACE` (Rudaw Arabic `رووداو - أربيل`, Shafaq `شەفەق نیوز - هەولێر`)
 *   and `SOURCE PLACE` (Rudaw Sorani `رووداو هەولێر`). Here the place must be one the gazetteer knows:
 *   that is how the two sides are told apart.
 * - `PLACE[, QUALIFIER] –` with no source (Rudaw English `ERBIL, Kurdistan Region -`): a known place only.
 *
 * Dashes: hyphen-minus, the Unicode hyphens and dashes (U+2010–U+2015), minus, small and full-width
 * hyphen-minus, doubled, and the tatweel Arabic typesetters use as a dash. Spacing: any white space
 * (no-break and narrow no-break spaces included) and the bidi marks (LRM, RLM, ALM, isolates) that copy
 * pasted from right-to-left pages carries. A Latin place the gazetteer does not know is recognised only
 * in capitals (wire style), so a lead such as "Iraq's Prime Minister (PM) – …" is not read as a dateline.
 */
export interface Dateline {
  /** The place as printed, bidi marks removed; undefined for a newsroom dateline (`Navenda Nûçeyan (K24)`). */
  placeText?: string;
  /** The gazetteer's entry for the place, when it has one. */
  place?: Place;
  /** The source as printed, quotation marks removed. */
  source?: string;
  /** The dateline as stored on the localization (`ERBIL (Kurdistan 24)`, `رووداو - أربيل`). */
  text: string;
  /** The first body paragraph without its dateline; undefined when the dateline was the whole paragraph. */
  lead?: string;
}

const MARKS = '\\u200E\\u200F\\u061C\\u2066-\\u2069';
const S = `[\\s${MARKS}]`;
const DASH = '(?:[\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]{1,2}|\\u0640{1,3})';
const NOT_DASH = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D\\u0640';
// Letters, marks, spaces, apostrophes and periods; a hyphen inside a name (DEIR EZ-ZOR). Bounded, so no pattern here scans far.
const PLACE = `(\\p{L}[\\p{L}\\p{M}'’.\\-\\u200C\\s${MARKS}]{0,59}?)`;
const QUALIFIER = `(?:${S}*([,،])${S}*([^()${NOT_DASH}:!?؟;]{1,60}?)|${S}+(\\p{N}[^()${NOT_DASH}:]{0,40}?))?`;
const PAREN = new RegExp(`^${S}*${PLACE}${QUALIFIER}${S}*\\(${S}*([^()]{0,60}?)${S}*\\)${S}*(${DASH}|[:：])?`, 'u');
const COLON = new RegExp(`^${S}*${PLACE}${S}*${DASH}${S}*([\\p{L}\\p{N}«"“][^()${NOT_DASH}:：\\n]{0,39}?)${S}*[:：]`, 'u');
const SOURCELESS = new RegExp(`^${S}*${PLACE}(?:${S}*([,،])${S}*([^()${NOT_DASH}:!?؟;]{1,40}?))?${S}*${DASH}(?=${S})`, 'u');
const STANDALONE_SPLIT = new RegExp(`^${S}*([^()/:：${NOT_DASH}]{1,40}?)${S}*(${DASH}|/)${S}*([^()/:：${NOT_DASH}]{1,40}?)${S}*$`, 'u');
const STRIP_MARKS = new RegExp(`[${MARKS}]`, 'gu');
const LEADING_SPACE = new RegExp(`^${S}+`, 'u');
/** Datelines that name the newsroom, not a place (Kurdistan 24 Kurmanji: "Navenda Nûçeyan (K24) –", "news centre"). */
const NEWSROOMS = new Set(['navenda nuceyan', 'navenda nuceyen']);

/**
 * Reads the dateline at the start of the first body paragraph (`lines`); `hasNext` says whether
 * another paragraph follows (a dateline may stand alone as a paragraph). Undefined when there is none.
 */
export function readDateline(lines: readonly string[], hasNext: boolean, gazetteer: Gazetteer): Dateline | undefined {
  const joined = lines.join(' ');
  return (
    readParenthesised(joined, gazetteer) ??
    (lines.length > 1 || hasNext ? readStandalone(lines, gazetteer) : undefined) ??
    readColon(joined, gazetteer) ??
    readSourceless(joined, gazetteer)
  );
}

/** True when `text` starts with "PLACE (SOURCE) –" and goes on: a line shaped so is the lead, not a headline. */
export function startsWithDateline(text: string): boolean {
  return readParenthesised(text, NO_PLACES)?.lead !== undefined;
}

const NO_PLACES: Gazetteer = { places: [], find: () => undefined };

function readParenthesised(text: string, gazetteer: Gazetteer): Dateline | undefined {
  const m = PAREN.exec(text);
  if (!m) return undefined;
  const [matched, rawPlace, comma, qualifier, date, rawSource, dash] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined, string, string | undefined];
  const lead = rest(text, matched);
  // "PLACE (SOURCE)" ends in a dash or colon before the text; alone as a paragraph it may end there.
  if (dash === undefined && lead !== undefined) return undefined;
  const placeText = clean(rawPlace);
  const source = cleanSource(rawSource);
  const qualified = comma && qualifier ? `${placeText}${comma} ${clean(qualifier)}` : date ? `${placeText} ${clean(date)}` : placeText;
  const printed = `${qualified} (${clean(rawSource)})`;
  if (NEWSROOMS.has(foldName(placeText))) return { ...(source ? { source } : {}), text: printed, lead };
  const place = gazetteer.find(placeText);
  if (!place && !looksLikePlace(placeText)) return undefined;
  return { placeText, ...(place ? { place } : {}), ...(source ? { source } : {}), text: printed, lead };
}

function readColon(text: string, gazetteer: Gazetteer): Dateline | undefined {
  const m = COLON.exec(text);
  if (!m) return undefined;
  const placeText = clean(m[1]!);
  const source = cleanSource(m[2]!);
  if (!source || words(source) > 4) return undefined;
  const place = gazetteer.find(placeText);
  if (!place && !looksLikePlace(placeText)) return undefined;
  return { placeText, ...(place ? { place } : {}), source, text: `${placeText} - ${clean(m[2]!)}`, lead: rest(text, m[0]) };
}

function readStandalone(lines: readonly string[], gazetteer: Gazetteer): Dateline | undefined {
  const line = lines[0]!;
  if (line.length > 80) return undefined;
  const lead = lines.length > 1 ? lines.slice(1).join(' ') : undefined;
  const text = clean(line);
  const split = STANDALONE_SPLIT.exec(line);
  if (split) {
    const [left, right] = [clean(split[1]!), clean(split[3]!)];
    if (words(left) > 4 || words(right) > 4) return undefined;
    const first = findWireStyle(left, gazetteer);
    if (first) return { placeText: left, place: first, ...sourceOf(right), text, lead };
    const second = findWireStyle(right, gazetteer);
    if (second) return { placeText: right, place: second, ...sourceOf(left), text, lead };
    return undefined;
  }
  // "رووداو هەولێر" (Rudaw Sorani): the source, then a place the gazetteer knows, or the place alone.
  // Arabic script only: in English "Protests in Baghdad" is a sentence, not a dateline.
  const parts = text.split(' ');
  if (!isArabicScript(text) || parts.length > 5 || /[^\p{L}\p{M}\p{N}'’. \u200C]/u.test(text)) return undefined;
  for (let n = Math.min(3, parts.length); n >= 1; n--) {
    const placeText = parts.slice(-n).join(' ');
    const place = gazetteer.find(placeText);
    if (!place) continue;
    const source = parts.slice(0, -n).join(' ');
    if (words(source) > 2) return undefined;
    return { placeText, place, ...(source ? { source } : {}), text, lead };
  }
  return undefined;
}

function readSourceless(text: string, gazetteer: Gazetteer): Dateline | undefined {
  const m = SOURCELESS.exec(text);
  if (!m) return undefined;
  const placeText = clean(m[1]!);
  const place = gazetteer.find(placeText);
  // Only a place the gazetteer knows; in Latin script only in capitals ("ERBIL, Kurdistan Region -").
  if (!place || (/\p{Lu}/u.test(placeText) && placeText !== placeText.toUpperCase())) return undefined;
  const qualified = m[2] && m[3] ? `${placeText}${m[2]} ${clean(m[3])}` : placeText;
  return { placeText, place, text: qualified, lead: rest(text, m[0]) };
}

/** A place the gazetteer does not know still reads as one: at most four words, no spaced dash, capitals where the script has case. */
function looksLikePlace(text: string): boolean {
  if (words(text) > 4 || /\s[-–—]\s|\p{N}/u.test(text)) return false;
  return text === text.toUpperCase();
}

/** A known place, written as a dateline writes it: in Latin script, in capitals. */
function findWireStyle(text: string, gazetteer: Gazetteer): Place | undefined {
  if (text !== text.toUpperCase()) return undefined;
  return gazetteer.find(text);
}

function sourceOf(text: string): { source?: string } {
  const source = cleanSource(text);
  return source ? { source } : {};
}

function rest(text: string, matched: string): string | undefined {
  const after = text.slice(matched.length).replace(LEADING_SPACE, '');
  return after === '' ? undefined : after;
}

function clean(text: string): string {
  return text.replace(STRIP_MARKS, '').replace(/\s+/g, ' ').trim();
}

/** The source as a provider name: quotation marks around it (`«الشرق الأوسط»`) are not part of it. */
function cleanSource(text: string): string {
  return clean(text).replace(/^[«"“„'‘]+|[»"”'’]+$/gu, '').trim();
}

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

import { decodeHTMLStrict } from 'entities';

/**
 * Canonical text is plain Unicode in NFC, stored exactly as sent (apart from NFC), so an article
 * read back and saved again is unchanged. Every output escapes it its own way: `&nbsp;` typed into
 * a headline through the API stays those six characters.
 */
export function normalizeText<T>(value: T): T {
  return mapStrings(value, (s) => s.normalize('NFC'));
}

/**
 * For copy pasted from web pages (the wire-copy importer): HTML character references (`&nbsp;`,
 * `&amp;`, `&#x627;`) become the characters they name. The article is checked afterwards, so a
 * reference to a forbidden character (`&#7;`, `&#x202E;`) is refused like the character itself.
 */
export function decodeCharacterReferences(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}

import { decodeHTMLStrict } from 'entities';

/**
 * Canonical text is plain Unicode in NFC. HTML character references that editors paste from web
 * pages (`&nbsp;`, `&amp;`, `&#x627;`) are turned into the characters they name, so every output
 * format escapes one and the same text its own way. This runs before the schema check, so a
 * reference to a forbidden character (`&#7;`, `&#x202E;`) is refused like the character itself.
 */
export function normalizeText<T>(value: T): T {
  if (typeof value === 'string') {
    const decoded = value.includes('&') ? decodeHTMLStrict(value) : value;
    return decoded.normalize('NFC') as T;
  }
  if (Array.isArray(value)) return value.map((v) => normalizeText(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeText(v)])) as T;
  }
  return value;
}

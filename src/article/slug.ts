/**
 * A URL slug in the text's own script: letters and digits of any script, joined by hyphens.
 * Non-ASCII slugs are percent-encoded where they appear in URLs (see `encodePathSegment`).
 */
export function slugify(text: string, maxWords = 12): string {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  return words.slice(0, maxWords).join('-') || 'story';
}

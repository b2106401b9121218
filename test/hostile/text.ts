import fc from 'fast-check';

/**
 * Pieces of text that have broken feed software before: characters XML cannot carry, bidi
 * controls (refused) and marks and isolates (allowed), lone and paired surrogates, noncharacters,
 * byte-order marks, CDATA ends, markup and entity references (which canonical text keeps as typed),
 * line separators, combining marks that NFC composes, right-to-left scripts and emoji.
 */
export const NASTY_PIECES = [
  'a', 'Z', ' ', '  ', '.', 'هەولێر', 'Kurmancî', 'العراق', '١٢٣', '۴۵', '👩🏽‍💻', '🇮🇶', 'e\u0301', 'A\u030A', '\u00a0', '\t', '\n', '\r', '\r\n',
  '\u0000', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u00ad', '\u200b', '\u200c', '\u200d',
  '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\ud800', '\udfff', '\udbff\udfff', '\ud83d', '\ufeff', '\ufffe', '\uffff', '\ufffd', '\u2028', '\u2029', '\u3000', '\u2003',
  ']]>', ']]', '<![CDATA[', '&nbsp;', '&amp;', '&lt;', '&#x202E;', '&#0;', '&', '<', '>', '"', "'", '<script>alert(1)</script>',
  '<b>bold</b>', '<iframe src=x>', '-->', '<!--', '?>', '<?xml version="1.0"?>', '{{name}}', '$&', '\\', '%00', '%2e%2e/', '../',
  'javascript:', '\u0000]]>\u202e',
] as const;

/** Text assembled from the pieces above. */
export const nastyText = (maxLength = 30) => fc.string({ unit: fc.constantFrom(...NASTY_PIECES), maxLength });

/** Texts of the size limits: 1,000,000 characters is the longest block; one more is refused. */
export const BIG_TEXTS = [
  'هەولێر Erbil '.repeat(80_000).slice(0, 1_000_000),
  `${'x'.repeat(999_999)}\ud800`,
  `${']]>&nbsp;<b>'.repeat(100_000)}`,
  'y'.repeat(1_000_001),
];

/** Any text: nasty pieces most often, any code units (lone surrogates included), any graphemes, and now and then a megabyte. */
export const anyText = fc.oneof(
  { weight: 6, arbitrary: nastyText() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', ...BIG_TEXTS) },
);

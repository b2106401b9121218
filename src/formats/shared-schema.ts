import { SAFE_TEXT_PATTERN } from '../article/schema.js';

/** Schema fragments every format's output schema uses. */
export const text = { type: 'string', minLength: 1, pattern: SAFE_TEXT_PATTERN } as const;
/** Absolute http(s) URL, ASCII only: feeds need non-ASCII path characters percent-encoded. */
export const absoluteUrl = { type: 'string', format: 'uri', pattern: '^https?://[\\x21-\\x7E]+$' } as const;
/** RFC 3339 with a time zone (Atom §3.3, JSON Feed 1.1, NewsML-G2). */
export const rfc3339 = { type: 'string', format: 'date-time', pattern: '(Z|[+-]\\d{2}:\\d{2})$' } as const;
/** RFC 822 as `Date.toUTCString()` writes it: English names, four-digit year, GMT. */
export const rfc822 = {
  type: 'string',
  pattern: '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$',
} as const;
/** A language tag the W3C Feed Validation Service accepts: an ISO 639-1 code, optionally a subtag. */
export const feedLanguageTag = { type: 'string', pattern: '^[a-z]{2}(-[A-Za-z0-9]{2,8})*$' } as const;

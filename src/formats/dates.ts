/**
 * RFC 822 date-time as RSS 2.0 requires ("All date-times in RSS conform to the Date and Time
 * Specification of RFC 822"), with a four-digit year and English day and month names always,
 * whatever the feed's language: `Thu, 18 Feb 2021 16:30:00 GMT`.
 */
export function toRfc822(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${iso}`);
  return date.toUTCString();
}

/**
 * RFC 3339 date-time (Atom §3.3, JSON Feed 1.1, NewsML-G2 xs:dateTime) in UTC with milliseconds,
 * so two changes in the same second never share a timestamp.
 */
export function toRfc3339(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${iso}`);
  return date.toISOString();
}

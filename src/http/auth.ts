import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with a known one in constant time: both are hashed first, so
 * neither their contents nor their lengths leak through timing.
 */
export function secretsEqual(presented: string, known: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(known).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

// Partners are found by the SHA-256 of their key: `PartnerDirectory` (src/partners/partner.ts).

import { createHash, hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with a known one in constant time: both are hashed first, so
 * neither their contents nor their lengths leak through timing.
 */
export function secretsEqual(presented: string, known: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(known).digest();
  return timingSafeEqual(a, b);
}

/**
 * Finds whose token was presented, in constant time: the presented token is hashed once and
 * compared with every known token's hash, all of them every time, so neither which editor matched
 * nor how many there are shows in the time it takes. Undefined when none matches.
 */
export function createTokenMatcher(tokens: ReadonlyMap<string, string>): (presented: string) => string | undefined {
  const known = [...tokens].map(([name, token]) => ({ name, hash: createHash('sha256').update(token).digest() }));
  return (presented) => {
    const digest = hash('sha256', presented, 'buffer');
    let found: string | undefined;
    for (const k of known) {
      if (timingSafeEqual(digest, k.hash) && found === undefined) found = k.name;
    }
    return found;
  };
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

// Partners are found by the SHA-256 of their key: `PartnerDirectory` (src/partners/partner.ts).

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

/** The partner whose key was presented; every key is compared, so timing does not tell which matched. */
export function findPartner(keys: ReadonlyMap<string, string>, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  let found: string | undefined;
  for (const [name, key] of keys) if (secretsEqual(token, key) && found === undefined) found = name;
  return found;
}

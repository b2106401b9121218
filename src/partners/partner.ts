import { createHash, hash, timingSafeEqual } from 'node:crypto';

/** A partner's webhook: every change it may see is POSTed there (src/webhooks/), its state shown in /newsml/account. */
export interface PartnerWebhook {
  /** `http:` or `https:`. */
  url: string;
  /** Standard Webhooks: `whsec_` and the base64 of 24 to 64 random bytes. Never logged or shown. */
  secret: string;
}

/** What a partner is entitled to, as the routes see it. */
export interface Partner {
  name: string;
  /** The languages it sees, in the registry's order. */
  languages: readonly string[];
  /** Whether it sees items before their embargo lifts (with the embargo). */
  embargoed: boolean;
  requestsPerMinute: number;
  webhook: PartnerWebhook | null;
}

/**
 * The partner's own view of the change log (the change feed, the long-poll and webhooks alike):
 * its languages (no filter when it has every one) and whether it sees embargoed items.
 */
export function changeViewOf(partner: Pick<Partner, 'languages' | 'embargoed'>, allLanguages: readonly string[]): { languages?: readonly string[]; embargoed: boolean } {
  return { embargoed: partner.embargoed, ...(partner.languages.length < allLanguages.length ? { languages: partner.languages } : {}) };
}

/** A partner as configured: its entitlements and the SHA-256 of its key (the key itself is never kept). */
export interface PartnerEntry extends Partner {
  /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
  keySha256: string;
}

/** What a partner gets unless the partners file says otherwise. */
export const PARTNER_DEFAULTS = { embargoed: true, requestsPerMinute: 600 } as const;

/** Lowercase hex SHA-256 of a key's UTF-8 bytes: how keys are configured and compared. */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `ROJNAME_PARTNER_KEYS` partners: every language, embargoed items visible, the default quota, no webhook. */
export function partnersFromKeys(keys: ReadonlyMap<string, string>, languages: readonly string[]): PartnerEntry[] {
  return [...keys].map(([name, key]) => ({ name, keySha256: sha256Hex(key), languages, ...PARTNER_DEFAULTS, webhook: null }));
}

/**
 * The partners, found by the key they present. A presented key is hashed once and its digest
 * compared with every partner's in constant time (`timingSafeEqual` over 32 bytes each, all of
 * them whatever matched), so timing tells neither which partner matched nor how much of a key.
 * A key that matched is remembered (at most one per partner), so a partner's next requests are
 * found without hashing again: hashing was the largest cost of a partner's 304. Only keys that
 * matched are kept, so a stranger's guesses are hashed every time and never fill memory; a hit
 * tells the one asking only what the answer tells anyway (that the key is valid).
 */
export class PartnerDirectory {
  readonly #entries: { partner: Partner; digest: Buffer }[];
  /** Keys that matched, by key: one per partner at most (a partner has one key). */
  readonly #matched = new Map<string, Partner>();

  constructor(entries: readonly PartnerEntry[]) {
    const names = new Set<string>();
    const keys = new Set<string>();
    for (const e of entries) {
      // The configuration refuses both with a message naming the setting; this guards other callers.
      if (names.has(e.name)) throw new Error(`partner "${e.name}" is configured twice`);
      if (keys.has(e.keySha256)) throw new Error(`partner "${e.name}" has the key of another partner`);
      names.add(e.name);
      keys.add(e.keySha256);
    }
    this.#entries = entries.map(({ keySha256, ...partner }) => ({ partner, digest: Buffer.from(keySha256, 'hex') }));
  }

  /** The partner whose key this is, or undefined. */
  find(key: string | undefined): Partner | undefined {
    if (key === undefined) return undefined;
    const known = this.#matched.get(key);
    if (known) return known;
    // One-shot (crypto.hash): no Hash object per request.
    const digest = hash('sha256', key, 'buffer');
    let found: Partner | undefined;
    for (const e of this.#entries) if (timingSafeEqual(digest, e.digest) && found === undefined) found = e.partner;
    if (found) this.#matched.set(key, found);
    return found;
  }

  get names(): string[] {
    return this.#entries.map((e) => e.partner.name);
  }
}

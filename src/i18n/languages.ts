/**
 * The language registry: the single source of truth for every language rojname publishes.
 *
 * Tags and direction are written here by hand, never derived from `Intl`: ICU canonicalises
 * `kmr` to `ku` and reports `ku-Arab` as left-to-right, both wrong for our readers.
 */

export type Direction = 'ltr' | 'rtl';

export interface Language {
  /** BCP 47 tag used in URLs, JSON Feed, NewsML-G2, HTML and the canonical article. */
  readonly tag: string;
  /** The language's name for itself, shown in language switchers. */
  readonly endonym: string;
  /** English name, for logs and documentation. */
  readonly englishName: string;
  /** ISO 15924 script code. */
  readonly script: string;
  readonly direction: Direction;
  /** CLDR numbering system used in human-facing text (`latn`, `arab`). */
  readonly numberingSystem: string;
  /**
   * Tag written in RSS `<language>`, Atom `xml:lang` and `hreflang`. The W3C Feed Validation
   * Service only accepts ISO 639 codes there and rejects `ckb`/`kmr`, so Sorani and Kurmanji are
   * written as the equivalent `ku-Arab` / `ku-Latn`.
   */
  readonly feedTag: string;
  /** Locale for `Intl` date formatting in human-facing text only. */
  readonly intlLocale: string;
}

const BUILT_IN: readonly Language[] = [
  { tag: 'en', endonym: 'English', englishName: 'English', script: 'Latn', direction: 'ltr', numberingSystem: 'latn', feedTag: 'en', intlLocale: 'en-GB' },
  { tag: 'ckb', endonym: 'کوردی (سۆرانی)', englishName: 'Central Kurdish (Sorani)', script: 'Arab', direction: 'rtl', numberingSystem: 'arab', feedTag: 'ku-Arab', intlLocale: 'ckb' },
  { tag: 'kmr', endonym: 'Kurmancî', englishName: 'Northern Kurdish (Kurmanji)', script: 'Latn', direction: 'ltr', numberingSystem: 'latn', feedTag: 'ku-Latn', intlLocale: 'ku' },
  { tag: 'ar', endonym: 'العربية', englishName: 'Arabic', script: 'Arab', direction: 'rtl', numberingSystem: 'arab', feedTag: 'ar', intlLocale: 'ar-IQ' },
];

/** An ordered, immutable set of languages. */
export class LanguageRegistry {
  readonly #byTag: ReadonlyMap<string, Language>;

  constructor(readonly languages: readonly Language[]) {
    this.#byTag = new Map(languages.map((l) => [l.tag, l]));
    if (this.#byTag.size !== languages.length) throw new Error('language registry: duplicate tag');
  }

  get tags(): string[] {
    return this.languages.map((l) => l.tag);
  }

  has(tag: string): boolean {
    return this.#byTag.has(tag);
  }

  /** The language for `tag`; throws for a tag outside the registry. */
  get(tag: string): Language {
    const lang = this.#byTag.get(tag);
    if (!lang) throw new Error(`unknown language "${tag}" (supported: ${this.tags.join(', ')})`);
    return lang;
  }

  /** A new registry with one more language (used to add a language from fixtures in tests). */
  with(language: Language): LanguageRegistry {
    return new LanguageRegistry([...this.languages, language]);
  }
}

export const defaultLanguages = new LanguageRegistry(BUILT_IN);

import type { LanguageRegistry } from '../i18n/languages.js';
import type { Translator } from '../i18n/i18n.js';
import { renderErrorPage, type ErrorStatus } from '../pages/errors.js';
import { makeRendered, type Rendered } from './rendered.js';

/** Error pages change with nothing in the store: one date for all of them. */
const EPOCH = new Date(0);

/**
 * Each language's error pages (404, 410, 500), rendered and compressed once, when first asked
 * for: the request path only picks one. A new translator (reloaded locale files) means new pages.
 */
export class ErrorPages {
  readonly #pages = new Map<string, Rendered>();

  constructor(private readonly deps: { languages: LanguageRegistry; translator: Translator; baseUrl: string }) {}

  /** The page for `status` in `language` (a registry tag). */
  get(language: string, status: ErrorStatus): Rendered {
    const key = `${language} ${status}`;
    let page = this.#pages.get(key);
    if (!page) {
      const { languages, translator, baseUrl } = this.deps;
      const lang = languages.get(language);
      page = makeRendered(renderErrorPage(status, lang, translator.t(language), languages, `${baseUrl}/`), 'text/html; charset=utf-8', lang.tag, EPOCH);
      this.#pages.set(key, page);
    }
    return page;
  }

  /** Every page again from the current translations (after locale files were reloaded). */
  clear(): void {
    this.#pages.clear();
  }

}

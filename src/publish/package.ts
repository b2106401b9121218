import type { Article } from '../article/types.js';
import { derivePackageGuid, type PackageView } from '../formats/newsml/index.js';
import { localizeItem, type LocalizeContext } from '../i18n/localize.js';
import type { LanguageState } from '../store/store.js';

/** The packageItem view of a story: every language version at its own item version, source first. */
export function localizePackage(article: Article, states: LanguageState[], ctx: LocalizeContext): PackageView {
  const order = [article.sourceLanguage, ...ctx.languages.tags.filter((t) => t !== article.sourceLanguage)];
  const items = order
    .filter((tag) => article.localizations[tag])
    .map((tag) => {
      const state = states.find((st) => st.language === tag)!;
      return localizeItem({ article, articleId: article.id, language: tag, itemVersion: state.itemVersion, changedAt: state.changedAt }, ctx);
    });
  return {
    articleId: article.id,
    packageVersion: article.version,
    versionCreated: article.versionCreated,
    firstCreated: article.firstCreated,
    items,
    provider: article.provider,
    guid: derivePackageGuid(items[0]!),
  };
}

import type { Article } from '../article/types.js';
import { derivePackageGuid, type PackageView } from '../formats/newsml/index.js';
import { localizeItem, type LocalizeContext } from '../i18n/localize.js';
import type { LanguageState } from '../store/store.js';

/**
 * The packageItem view of a story: every language version at its own item version, source first;
 * with `languages`, only those (a partner's entitled ones). The package's guid is the story's
 * whichever versions it lists, so every partner names the same package alike.
 */
export function localizePackage(article: Article, states: LanguageState[], ctx: LocalizeContext, languages?: readonly string[]): PackageView {
  const order = [article.sourceLanguage, ...ctx.languages.tags.filter((t) => t !== article.sourceLanguage)];
  const localize = (tag: string) => {
    const state = states.find((st) => st.language === tag)!;
    return localizeItem({ article, articleId: article.id, language: tag, itemVersion: state.itemVersion, changedAt: state.changedAt }, ctx);
  };
  const present = order.filter((tag) => article.localizations[tag]);
  const items = present.filter((tag) => !languages || languages.includes(tag)).map(localize);
  const source = items[0]?.language.tag === present[0] ? items[0]! : localize(present[0]!);
  return {
    articleId: article.id,
    packageVersion: article.version,
    versionCreated: article.versionCreated,
    firstCreated: article.firstCreated,
    items,
    provider: article.provider,
    guid: derivePackageGuid(source),
  };
}

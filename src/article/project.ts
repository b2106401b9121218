import { hash } from 'node:crypto';
import type { Article } from './types.js';

/**
 * Everything one language version of a story shows in any output, minus store bookkeeping.
 * Two versions with the same projection look the same to that language's readers and partners.
 * The change signal and editorial note are left out on purpose: they describe the languages the
 * write did change, so a correction of the Arabic text is a new Arabic version only (NewsML-G2
 * notes §4), and the other languages keep the document of their own last change.
 */
export function projectLanguage(article: Article, language: string): unknown {
  const pick = (texts: Record<string, string>) => texts[language] ?? null;
  return {
    pubStatus: article.pubStatus,
    embargoedUntil: article.embargoedUntil ?? null,
    published: article.published ?? null,
    sourceLanguage: article.sourceLanguage,
    provider: article.provider,
    located: { ...article.located, name: pick(article.located.name) },
    subjects: article.subjects,
    contributors: article.contributors,
    images: article.images.map((i) => ({ ...i, caption: pick(i.caption), alt: pick(i.alt) })),
    localization: article.localizations[language] ?? null,
    languages: Object.keys(article.localizations).sort(),
  };
}

/** A short digest of `projectLanguage`, to tell whether a language version changed. */
export function fingerprintLanguage(article: Article, language: string): string {
  return hash('sha256', JSON.stringify(projectLanguage(article, language)), 'base64url').slice(0, 22);
}

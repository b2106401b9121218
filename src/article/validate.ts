import { compileInputChecker, type Checker } from '../validate/ajv.js';
import type { Problem } from '../validate/problems.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import { describeUnusableTopic } from '../topics/vocabulary.js';
import { buildArticleSchema, MAX_BODY_CHARS } from './schema.js';
import type { Article } from './types.js';

/** Compiles the canonical-article check for one language registry (once, at start-up); its problems name the field in words. */
export function createArticleChecker(languages: LanguageRegistry): Checker<Article> {
  return compileInputChecker('article', buildArticleSchema(languages.tags), checkArticleRules);
}

/** Rules JSON Schema cannot express: cross-field consistency and total body size. */
export function checkArticleRules(article: Article): Problem[] {
  const problems: Problem[] = [];
  const tags = Object.keys(article.localizations);
  if (!article.localizations[article.sourceLanguage]) {
    problems.push({ pointer: '/sourceLanguage', message: `names "${article.sourceLanguage}", which has no localization` });
  }
  for (const tag of tags) {
    const loc = article.localizations[tag]!;
    const at = `/localizations/${tag}`;
    const size = loc.body.reduce((n, b) => n + b.text.length, 0);
    if (size > MAX_BODY_CHARS) {
      problems.push({ pointer: `${at}/body`, message: `is too large: ${size} characters, at most ${MAX_BODY_CHARS}` });
    }
    if (tag === article.sourceLanguage && loc.translation) {
      problems.push({ pointer: `${at}/translation`, message: 'the source-language version is not a translation' });
    }
    if (loc.translation) {
      if (loc.translation.from === tag) {
        problems.push({ pointer: `${at}/translation/from`, message: 'a version cannot be translated from itself' });
      } else if (!article.localizations[loc.translation.from]) {
        problems.push({ pointer: `${at}/translation/from`, message: `names "${loc.translation.from}", which has no localization` });
      }
    }
  }
  // ajv's date-time accepts leap seconds and years that leave 1000–9999 in UTC; dates must survive
  // every output (RFC 822 needs a four-digit year, JavaScript cannot parse second 60).
  for (const field of ['firstCreated', 'versionCreated', 'published', 'embargoedUntil'] as const) {
    const value = article[field];
    if (value === undefined) continue;
    const ms = Date.parse(value);
    const year = new Date(ms).getUTCFullYear();
    if (!Number.isFinite(ms)) problems.push({ pointer: `/${field}`, message: `"${value}" is not a date-time this service can use (leap seconds are not)` });
    else if (year < 1000 || year > 9999) problems.push({ pointer: `/${field}`, message: `"${value}" is outside the years 1000–9999 (UTC)` });
  }
  problems.push(...checkOneLineNames(article));
  // IPTC Media Topics (schemas/mediatopic/): a code IPTC never issued, or has retired, is refused.
  article.subjects.forEach(({ code }, i) => {
    const unusable = describeUnusableTopic(code);
    if (unusable) problems.push({ pointer: `/subjects/${i}/code`, message: unusable });
  });
  if (Date.parse(article.versionCreated) < Date.parse(article.firstCreated)) {
    problems.push({ pointer: '/versionCreated', message: 'is earlier than firstCreated' });
  }
  return problems;
}

/**
 * Names travel in NewsML-G2 as `g2normalizedString` (pattern `[\S ]*`: no tab, no line break), so
 * a name is one line: a tab or line feed in one is refused, named with its position, like any
 * character an output cannot carry. Text elsewhere (headlines, bodies) may hold both.
 */
function checkOneLineNames(article: Article): Problem[] {
  const names: [string, string][] = [
    ['/provider/name', article.provider.name],
    ...Object.entries(article.located.name).map(([tag, name]): [string, string] => [`/located/name/${tag}`, name]),
    ...article.contributors.map((c, i): [string, string] => [`/contributors/${i}/name`, c.name]),
    ...Object.entries(article.localizations).flatMap(([tag, loc]): [string, string][] => (loc.translation ? [[`/localizations/${tag}/translation/by`, loc.translation.by]] : [])),
  ];
  const problems: Problem[] = [];
  for (const [pointer, name] of names) {
    const at = name.search(/[\t\n]/);
    if (at < 0) continue;
    const code = `U+${name.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;
    problems.push({ pointer, message: `contains ${code} at position ${at}: a name is one line (NewsML-G2 allows no tab or line break in it)` });
  }
  return problems;
}

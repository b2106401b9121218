import { loadSampleArticle } from '../article/sample.js';
import { normalizeText } from '../article/text.js';
import { FEED_FORMATS, NEWSML_FORMATS } from '../formats/registry.js';
import { defaultLanguages } from '../i18n/languages.js';
import { localizeFeed, localizeItem } from '../i18n/localize.js';
import { CliError } from './errors.js';
import { loadCheckedTranslator } from './locales.js';

const KINDS = [...FEED_FORMATS.map((f) => f.id), 'newsml'];

/**
 * `rojname preview LANG [rss|atom|json|newsml]`: the sample story rendered with the locale files
 * as they are now, for translators to see their words in a real feed. Nothing is stored.
 */
export async function runPreview(args: string[]): Promise<number> {
  const [lang, kind = 'rss'] = args;
  if (!lang) throw new CliError(`name a language: ${defaultLanguages.tags.join(', ')}`);
  if (!defaultLanguages.has(lang)) throw new CliError(`LANG "${lang}" is not one of: ${defaultLanguages.tags.join(', ')}`);
  if (!KINDS.includes(kind)) throw new CliError(`FORMAT "${kind}" is not one of: ${KINDS.join(', ')}`);
  if (args.length > 2) throw new CliError(`unexpected argument "${args[2]}" (rojname preview LANG [FORMAT])`);
  const { article: input } = loadSampleArticle();
  const stamp = new Date().toISOString();
  const article = normalizeText({ ...input, version: 1, firstCreated: stamp, versionCreated: stamp });
  if (!article.localizations[lang]) throw new CliError(`the sample story has no "${lang}" version yet (content/sample/${lang}.json)`);
  // Refused (exit 2) on locale files with a problem: a preview must not show `{{provider}}` as if it were right.
  const ctx = { languages: defaultLanguages, translator: loadCheckedTranslator(defaultLanguages).translator, baseUrl: 'http://localhost:8787' };
  const story = { article, articleId: article.id, language: lang, itemVersion: 1, changedAt: stamp };
  const output =
    kind === 'newsml'
      ? NEWSML_FORMATS.item.render(localizeItem(story, ctx))
      : FEED_FORMATS.find((f) => f.id === kind)!.render(localizeFeed({ language: lang, stories: [story], updated: stamp }, ctx));
  process.stdout.write(output);
  return 0;
}

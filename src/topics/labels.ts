import type { Translator } from '../i18n/i18n.js';
import { iptcLabel } from './vocabulary.js';

/**
 * The label of a Media Topic (`medtop:16000000`) in one language: ours (`locales/<tag>/topics.json`,
 * through the translator), else IPTC's own label in English or Arabic; undefined otherwise, so a
 * Kurdish output never shows another language's words (the translator has no fallback language either).
 */
export function topicLabel(code: string, language: string, translator: Translator): string | undefined {
  const bare = code.startsWith('medtop:') ? code.slice('medtop:'.length) : code;
  const key = `medtop.${bare}`;
  if (translator.instance.exists(key, { lng: language, ns: 'topics' })) return translator.t(language)(`topics:${key}` as 'topics:medtop.16000000');
  return iptcLabel(`medtop:${bare}`, language);
}

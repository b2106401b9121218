import { createTranslator, type Resources } from '../i18n/i18n.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import type { StoryTopics } from './content.js';
import { topicLabel } from './labels.js';
import { findTopic, IPTC_LABEL_LANGUAGES } from './vocabulary.js';

/** The shape the locale check reports in (`LocaleProblem`, src/i18n/check-locales.ts). */
export interface TopicLabelProblem {
  file: string;
  key: string;
  message: string;
}

/**
 * Every Media Topic a story uses that has no label in a language of the registry, by locale file:
 * "no label" as readers would see it (`topicLabel`), so English and Arabic may lean on IPTC's own
 * labels and Sorani and Kurmanji may not. Every language counts, not only the story's own: the
 * labels are shared, and a translation added later needs them.
 */
export function checkStoryTopicLabels(languages: LanguageRegistry, resources: Resources, stories: readonly StoryTopics[], root = 'locales'): TopicLabelProblem[] {
  const translator = createTranslator(languages, resources);
  const problems: TopicLabelProblem[] = [];
  for (const story of stories) {
    if (story.error !== undefined) problems.push({ file: story.file, key: '', message: `cannot be read for its Media Topics: ${story.error}` });
  }
  const users = new Map<string, string[]>();
  for (const story of stories) for (const code of story.codes) users.set(code, [...(users.get(code) ?? []), story.file]);
  for (const lang of languages.languages) {
    for (const [code, files] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (topicLabel(code, lang.tag, translator) !== undefined) continue;
      const bare = code.startsWith('medtop:') ? code.slice('medtop:'.length) : code;
      const iptc = !findTopic(code) ? ', which is not an IPTC Media Topic' : (IPTC_LABEL_LANGUAGES as readonly string[]).includes(lang.tag) ? ', and IPTC has no label in this language either' : '';
      problems.push({ file: `${root}/${lang.tag}/topics.json`, key: `medtop.${bare}`, message: `no label for ${code}, used by ${[...new Set(files)].join(', ')}${iptc}` });
    }
  }
  return problems;
}

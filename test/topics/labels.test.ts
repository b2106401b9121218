import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, readLocaleResources, type Resources } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { checkStoryTopicLabels } from '../../src/topics/check.js';
import { readContentTopics } from '../../src/topics/content.js';
import { topicLabel } from '../../src/topics/labels.js';

const real = () => readLocaleResources(defaultLanguages);
const topics = (r: Resources, lang: string) => (r[lang]!.topics as { medtop: Record<string, string> }).medtop;

describe('topicLabel', () => {
  const translator = createTranslator(defaultLanguages);

  it('prefers our locale files in every language', () => {
    expect(defaultLanguages.tags.map((lang) => topicLabel('medtop:20000598', lang, translator))).toEqual(['national security', 'ئاسایشی نیشتمانی', 'ewlehiya neteweyî', 'الأمن الوطني']);
  });
  it("falls back to IPTC's label in English and Arabic, never in Sorani or Kurmanji", () => {
    // medtop:20000053 "act of terror" is in no locale file.
    expect(defaultLanguages.tags.map((lang) => topicLabel('medtop:20000053', lang, translator))).toEqual(['act of terror', undefined, undefined, 'عمل ارهابي']);
  });
  it('gives nothing for a code IPTC never issued', () => {
    expect(defaultLanguages.tags.map((lang) => topicLabel('medtop:99999999', lang, translator))).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('takes the bare code too', () => {
    expect(topicLabel('16000000', 'kmr', translator)).toBe('pevçûn, şer û aştî');
  });
});

describe('readContentTopics', () => {
  it("finds the sample story's topics in content/", () => {
    expect(readContentTopics()).toEqual([
      { file: 'content/examples/new-story.json', codes: ['medtop:05000000', 'medtop:01000000'] },
      { file: 'content/sample/story.json', codes: ['medtop:16000000', 'medtop:20000058', 'medtop:20000599'] },
    ]);
  });
  it('reads manifests and canonical articles in any folder, and names a file that is not JSON', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rojname-content-')), 'content');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'story.json'), JSON.stringify({ id: 'a', subjects: ['medtop:11000000'] }));
    writeFileSync(join(dir, 'a', 'b', 'article.json'), JSON.stringify({ id: 'b', subjects: [{ code: 'medtop:20000053' }] }));
    writeFileSync(join(dir, 'a', 'ckb.json'), JSON.stringify({ language: 'ckb', headline: 'x' }));
    writeFileSync(join(dir, 'broken.json'), '{"subjects": [');
    const found = readContentTopics(dir);
    expect(found.map(({ file, codes }) => [file, codes])).toEqual([
      ['content/a/b/article.json', ['medtop:20000053']],
      ['content/a/story.json', ['medtop:11000000']],
      ['content/broken.json', []],
    ]);
    expect(found[2]!.error).toMatch(/JSON/);
  });
});

describe('checkStoryTopicLabels (part of rojname locales check)', () => {
  const sample = readContentTopics();

  it('finds nothing missing for the shipped locales and the sample story', () => {
    expect(checkStoryTopicLabels(defaultLanguages, real(), sample)).toEqual([]);
  });
  it('names a code the sample uses once its label is gone from a Kurdish file', () => {
    const r = real();
    delete topics(r, 'ckb')['20000058'];
    expect(checkStoryTopicLabels(defaultLanguages, r, sample)).toEqual([
      { file: 'locales/ckb/topics.json', key: 'medtop.20000058', message: 'no label for medtop:20000058, used by content/sample/story.json' },
    ]);
  });
  it("lets English and Arabic lean on IPTC's label, and names only the Kurdish files", () => {
    const r = real();
    for (const lang of defaultLanguages.tags) delete topics(r, lang)['20000599'];
    expect(checkStoryTopicLabels(defaultLanguages, r, sample).map((p) => p.file)).toEqual(['locales/ckb/topics.json', 'locales/kmr/topics.json']);
  });
  it("says so when IPTC has no label in English or Arabic either, or the code is not IPTC's", () => {
    const stories = [
      { file: 'content/x/story.json', codes: ['medtop:20001145', 'medtop:99999999'] },
      { file: 'content/y/story.json', codes: ['medtop:20001145'] },
    ];
    expect(checkStoryTopicLabels(defaultLanguages, real(), stories).filter((p) => p.file.startsWith('locales/ar/') || p.file.startsWith('locales/ckb/'))).toEqual([
      { file: 'locales/ckb/topics.json', key: 'medtop.20001145', message: 'no label for medtop:20001145, used by content/x/story.json, content/y/story.json' },
      { file: 'locales/ckb/topics.json', key: 'medtop.99999999', message: 'no label for medtop:99999999, used by content/x/story.json, which is not an IPTC Media Topic' },
      { file: 'locales/ar/topics.json', key: 'medtop.20001145', message: 'no label for medtop:20001145, used by content/x/story.json, content/y/story.json, and IPTC has no label in this language either' },
      { file: 'locales/ar/topics.json', key: 'medtop.99999999', message: 'no label for medtop:99999999, used by content/x/story.json, which is not an IPTC Media Topic' },
    ]);
  });
  it('names a story file it cannot read', () => {
    expect(checkStoryTopicLabels(defaultLanguages, real(), [{ file: 'content/broken.json', codes: [], error: 'Unexpected end of JSON input' }])).toEqual([
      { file: 'content/broken.json', key: '', message: 'cannot be read for its Media Topics: Unexpected end of JSON input' },
    ]);
  });
  it('names the locale folder as the check does', () => {
    const r = real();
    delete topics(r, 'kmr')['16000000'];
    expect(checkStoryTopicLabels(defaultLanguages, r, sample, 'work/locales').map((p) => p.file)).toEqual(['work/locales/kmr/topics.json']);
  });
});

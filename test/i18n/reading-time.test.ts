import { describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import type { LocalizedItem } from '../../src/i18n/localize.js';
import { estimateReadingMinutes, renderArticlePage } from '../../src/pages/article.js';
import { makeContext, sampleItem } from '../fixtures/sample-view.js';

const t = (lang: string) => makeContext().translator.t(lang);

/** The sample story in `lang` with a body of `words` words. */
function itemWithWords(lang: string, words: number): LocalizedItem {
  const word = lang === 'ar' || lang === 'ckb' ? 'كلمة' : 'word';
  return { ...sampleItem(lang), body: [{ type: 'paragraph', text: Array.from({ length: words }, () => word).join(' ') }] };
}

/** The meta line under the headline, as text. */
function metaLine(item: LocalizedItem): string {
  const html = renderArticlePage(item, t(item.language.tag), defaultLanguages);
  return (html.match(/<p class="meta">(.*?)<\/p>/)?.[1] ?? '').replace(/<[^>]+>/g, '');
}

describe('the reading time on article pages', () => {
  it.each([
    ['en', 'Published 18 February 2021 · 2-minute read'],
    ['kmr', 'Hat weşandin: 18ê sibata 2021an · Dema xwendinê: 2 deqîqe'],
    ['ckb', 'بڵاوکرایەوە: ١٨ی شوباتی ٢٠٢١ · کاتی خوێندنەوە: ٢ خولەک'],
    ['ar', 'تاريخ النشر: ١٨ شباط ٢٠٢١ · مدة القراءة: دقيقتان'],
  ])('follows the dates of the sample story in %s, in its digits', (lang, expected) => {
    expect(metaLine(sampleItem(lang))).toBe(expected);
  });
  it('reads Latin script at 200 words a minute and Arabic script at 138, a started minute counting', () => {
    expect([200, 201, 400].map((n) => estimateReadingMinutes(itemWithWords('en', n)))).toEqual([1, 2, 2]);
    expect([138, 139, 276].map((n) => estimateReadingMinutes(itemWithWords('ar', n)))).toEqual([1, 2, 2]);
    expect(estimateReadingMinutes(itemWithWords('ckb', 276))).toBe(2);
  });
  it('counts only words: a lone dash is none, and a body without words shows no reading time', () => {
    expect(estimateReadingMinutes({ ...itemWithWords('en', 200), body: [{ type: 'paragraph', text: `${'word '.repeat(200)}– — -` }] })).toBe(1);
    expect(metaLine({ ...sampleItem('en'), body: [] })).toBe('Published 18 February 2021');
  });
  it('gives Arabic its plural forms: one, two, few, many and other', () => {
    const forms = [1, 2, 3, 11, 100].map((minutes) => metaLine(itemWithWords('ar', minutes * 138)).split(' · ')[1]);
    expect(forms).toEqual(['مدة القراءة: دقيقة واحدة', 'مدة القراءة: دقيقتان', 'مدة القراءة: ٣ دقائق', 'مدة القراءة: ١١ دقيقة', 'مدة القراءة: ١٠٠ دقيقة']);
  });
  it('gives English its singular and plural', () => {
    expect([1, 5].map((minutes) => metaLine(itemWithWords('en', minutes * 200)).split(' · ')[1])).toEqual(['1-minute read', '5-minute read']);
  });
});

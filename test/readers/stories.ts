import type { Article } from '../../src/article/types.js';
import { sampleArticle } from '../fixtures/sample-view.js';

export const LANGS = ['en', 'ckb', 'kmr', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

const RLM = '\u200F';
const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';

/**
 * Headlines an editor might write, per story and language: `<`, `>`, `&`, both quotes,
 * `<b>…</b>`-looking text, `]]>`, bidi marks and isolates, emoji (flags, skin tones, ZWJ sequences).
 */
export const HEADLINES: Record<string, Record<Lang, string>> = {
  'turnout-below-forty': {
    en: 'Turnout < 40% & "rising" — <b>bold</b> claim',
    ckb: 'بەشداری < 40% & "بەرز دەبێتەوە" — <b>bold</b> بانگەشە',
    kmr: 'Beşdarî < 40% & "zêde dibe" — <b>bold</b> îdîa',
    ar: 'المشاركة < 40% & "ترتفع" — <b>bold</b> ادعاء',
  },
  'five-greater-than-three': {
    en: "It's 5 > 3",
    ckb: "ئەوە 5 > 3 'ە'",
    kmr: "Ew 5 > 3 'e'",
    ar: "إنّ 5 > 3 'دائماً'",
  },
  'bidi-isolates': {
    en: `${RLI}هەولێر${PDI} and ${LRI}NATO${PDI} agree ${RLM}(2021)${RLM}`,
    ckb: `${RLM}هەولێر و ${LRI}NATO 4,000${PDI} ڕێککەوتن${RLM}`,
    kmr: `Hewlêr û ${RLI}ناتۆ${PDI} li hev kirin ${RLM}`,
    ar: `${RLM}أربيل و${LRI}NATO${PDI} تتفقان${RLM} ${RLI}٢٠٢١${PDI}`,
  },
  'emoji-marathon': {
    en: 'Erbil marathon 🏃‍♀️ 🇮🇶 👍🏽',
    ckb: 'ماراتۆنی هەولێر 🏃‍♀️ 🇮🇶 👍🏽',
    kmr: 'Maratona Hewlêrê 🏃‍♀️ 🇮🇶 👍🏽',
    ar: 'ماراثون أربيل 🏃‍♀️ 🇮🇶 👍🏽',
  },
  'tags-and-cdata-end': {
    en: 'Why <script>alert(1)</script> & ]]> stay text',
    ckb: 'بۆچی <i>tag</i> & ]]> دەق دەمێننەوە',
    kmr: 'Çima <i>tag</i> & ]]> nivîs dimînin',
    ar: 'لماذا تبقى <script>alert(1)</script> & ]]> نصاً',
  },
};

/** The story with a byline; every other story is wire copy without one (its provider is the author). */
export const BYLINE_STORY = 'five-greater-than-three';
export const BYLINE = 'Hawre Ahmed';

/** Every story in every language (so each entry has translations to link), one second apart. */
export function readerArticles(): Article[] {
  return Object.entries(HEADLINES).map(([id, headlines], i) => {
    const article = sampleArticle();
    const at = new Date(Date.parse('2021-02-18T16:30:00.000Z') + i * 1000).toISOString();
    article.id = id;
    article.published = at;
    article.versionCreated = at;
    for (const lang of LANGS) article.localizations[lang]!.headline = headlines[lang];
    if (id === BYLINE_STORY) article.contributors = [{ name: BYLINE, role: 'author' }, ...article.contributors];
    return article;
  });
}

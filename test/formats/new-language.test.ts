import { describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { FEED_FORMATS, NEWSML_FORMATS } from '../../src/formats/registry.js';
import { createTranslator, readLocaleResources } from '../../src/i18n/i18n.js';
import { defaultLanguages, LanguageRegistry, type Language } from '../../src/i18n/languages.js';
import { checkLocales } from '../../src/i18n/check-locales.js';
import { localizeItem } from '../../src/i18n/localize.js';
import { checkAtom, checkJsonFeed, checkNewsml } from '../helpers/official.js';
import { makeContext, sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

/** Adding a language is a locale folder plus one registry entry: no renderer changes. */
const german: Language = { tag: 'de', endonym: 'Deutsch', englishName: 'German', script: 'Latn', direction: 'ltr', numberingSystem: 'latn', feedTag: 'de', intlLocale: 'de-DE' };
const languages = defaultLanguages.with(german);
const FIXTURE_LOCALES = new URL('../fixtures/locales/', import.meta.url).pathname;
const resources = { ...readLocaleResources(defaultLanguages), ...readLocaleResources(new LanguageRegistry([german]), FIXTURE_LOCALES) };
const ctx = makeContext(languages, createTranslator(languages, resources));

function germanArticle() {
  const article = sampleArticle();
  article.localizations.de = {
    headline: 'NATO verachtfacht ihre Ausbildungsmission im Irak',
    summary: 'Die NATO will ihre Mission im Irak von 500 auf 4000 Kräfte aufstocken.',
    dateline: 'ERBIL (Kurdistan 24)',
    slug: 'nato-verachtfacht-mission-irak',
    body: [
      { type: 'paragraph', text: 'Der Generalsekretär der NATO, Jens Stoltenberg, kündigte am Donnerstag an, die Zahl der Kräfte der Ausbildungsmission im Irak auf das Achtfache zu erhöhen.' },
      { type: 'quote', text: 'Wir wollen sicherstellen, dass der IS nicht zurückkehrt.', cite: 'Jens Stoltenberg' },
    ],
    translation: { from: 'en', fromVersion: 1, by: 'Rojname-Übersetzungsdienst' },
  };
  article.located.name.de = 'Erbil';
  return article;
}

describe('a language added from fixtures (de)', () => {
  it('has complete locale files', () => {
    expect(checkLocales(languages, resources)).toEqual([]);
  });
  it('is accepted by the article schema built from the registry', () => {
    expect(() => createArticleChecker(languages)(germanArticle())).not.toThrow();
    expect(() => createArticleChecker(defaultLanguages)(germanArticle())).toThrow(/localizations\/de/);
  });
  it.each(FEED_FORMATS.map((f) => [f.id, f] as const))('renders %s', async (_id, format) => {
    const feed = sampleFeed('de', [germanArticle()], ctx);
    const out = format.render(feed);
    expect(out).toContain('NATO verachtfacht ihre Ausbildungsmission im Irak');
    expect(out).toContain('Konflikte, Krieg und Frieden');
    expect(out).toContain('https://rojname.example/de/articles/2021-02-18-nato-iraq-mission-eightfold');
    if (format.id === 'atom') expect(await checkAtom(out)).toEqual({ valid: true, errors: [] });
    if (format.id === 'json') expect(checkJsonFeed(out)).toEqual({ valid: true, errors: [] });
  });
  it('renders a NewsML-G2 item linked to its English source', async () => {
    const article = germanArticle();
    const item = localizeItem({ article, articleId: article.id, language: 'de', itemVersion: 1, changedAt: article.versionCreated }, ctx);
    const xml = NEWSML_FORMATS.item.render(item);
    expect(xml).toContain('xml:lang="de"');
    expect(xml).toContain(':2021-02-18-nato-iraq-mission-eightfold:en');
    expect(await checkNewsml(xml)).toMatchObject({ valid: true });
  });
  it('lists German among the alternates of the other languages', () => {
    const feed = sampleFeed('ar', [germanArticle()], ctx);
    expect(feed.items[0]!.alternates.map((a) => a.language.tag)).toEqual(['en', 'ckb', 'kmr', 'de']);
  });
});

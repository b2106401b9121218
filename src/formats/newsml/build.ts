import type { Contributor } from '../../article/types.js';
import type { Language } from '../../i18n/languages.js';
import type { LocalizedItem } from '../../i18n/localize.js';
import { iptcLabel, subjectCodesOf } from '../../topics/vocabulary.js';
import { toRfc3339 } from '../dates.js';
import { buildXhtmlBody, isolate } from './body.js';
import type { MessageView, NewsMl, PackageView } from './types.js';

/**
 * Catalog v40 declares every scheme alias we write (github.com/iptc/catalog, catalog.IPTC-G2-Standards_40.xml:
 * ninat, stat, sig, irel, cpnat, drol, medtop, subj, iso3166-1a2, geonames, pgrmod), which is how a
 * QCode resolves (NewsML-G2: an alias must be declared by a catalog the item names); `group:` is LISTING_6's.
 */
export const IPTC_CATALOG = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_40.xml';
/** IANA-registered media type of a NewsML-G2 newsItem, used on links and itemRefs. */
export const NEWSITEM_MEDIA_TYPE = 'application/vnd.iptc.g2.newsitem+xml';

const ROOT = { standard: 'NewsML-G2', standardversion: '2.35', conformance: 'power' } as const;
const CATALOG_REFS = [{ href: IPTC_CATALOG }];

/** Pure: one language version of a story as a NewsML-G2 newsItem (one item per language, notes §3). */
export function buildNewsItem(item: LocalizedItem): NewsMl.NewsItem {
  const lang = item.language;
  // Article-level strings (provider, contributor names, edNote) are written in the source language.
  const inSource = (value: string): NewsMl.Text => ({ value, ...markLanguage(item.sourceLanguage, lang) });
  const provider: NewsMl.Party = { uri: item.provider.uri, name: inSource(item.provider.name) };
  const kill = item.pubStatus === 'canceled';
  return {
    guid: item.newsmlGuid,
    version: item.itemVersion,
    ...ROOT,
    ...markRoot(lang),
    catalogRef: CATALOG_REFS,
    // `item.rights` reads "© 2021 … All rights reserved.": a copyright notice, not usage terms.
    rightsInfo: [{ copyrightHolder: provider, copyrightNotice: [{ value: item.rights }] }],
    itemMeta: {
      itemClass: { qcode: 'ninat:text' },
      provider,
      versionCreated: toRfc3339(item.updated),
      firstCreated: toRfc3339(item.firstCreated),
      ...(item.embargoedUntil ? { embargoed: toRfc3339(item.embargoedUntil) } : {}),
      pubStatus: { qcode: `stat:${item.pubStatus}` },
      edNote: item.edNote ? [inSource(item.edNote)] : [],
      signal: chooseSignals(item),
      // Notes §3: no IPTC `irel:translatedFrom` exists; `irel:derivedFrom` points at the source item.
      // No `@version`: `translation.fromVersion` is the article's version, not the source item's.
      link: item.translation ? [{ rel: 'irel:derivedFrom', residref: item.translation.sourceGuid, contenttype: NEWSITEM_MEDIA_TYPE }] : [],
    },
    contentMeta: buildContentMeta(item, provider, inSource),
    // A kill sends no body (notes §4: optional; a partner that ingests blindly cannot republish it).
    // The headline stays so editors can find the story, and the edNote says what to do.
    ...(kill ? {} : { contentSet: { inlineXML: buildInlineXml(item) } }),
  };
}

function buildContentMeta(item: LocalizedItem, provider: NewsMl.Party, inSource: (value: string) => NewsMl.Text): NewsMl.ContentMeta {
  const contributors = item.contributors.filter((c) => c.role !== 'author');
  const translator = item.translation && !contributors.some((c) => c.name === item.translation!.by) ? [item.translation.by] : [];
  return {
    contentCreated: toRfc3339(item.published),
    located: buildLocated(item.located),
    // The one author rule (`LocalizedItem.creators`): the byline, else the provider as a party.
    // Roles travel as `roleuri` (an IRI, which needs no catalog): IPTC retired its contributor-role
    // scheme (catalog v36) and has no creator-role scheme we could cite as a QCode.
    creator: item.creators.map((c) => (c.role === 'provider' ? provider : { roleuri: roleUri('author'), name: inSource(c.name) })),
    contributor: [
      ...contributors.map((c) => ({ roleuri: roleUri(c.role), name: inSource(c.name) })),
      ...translator.map((name) => ({ roleuri: roleUri('translator'), name: { value: name } })),
    ],
    language: { tag: item.language.tag },
    subject: [
      ...buildTopicSubjects(item),
      // Notes §1: the country is a geographic subject, not a Media Topic.
      { type: 'cpnat:geoArea', qcode: `iso3166-1a2:${item.located.countryCode}` },
    ],
    // Wire systems key on one slugline for all language versions: the source version's slug.
    slugline: { value: item.sourceSlug, ...markLanguage(item.sourceLanguage, item.language) },
    headline: { value: item.headline },
    ...(item.dateline ? { dateline: { value: item.dateline } } : {}),
    by: buildByline(item, inSource),
    creditline: item.creditLines.map((value) => ({ value })),
    description: [{ role: 'drol:summary', value: item.summary }],
  };
}

/**
 * Each Media Topic, then the IPTC Subject Codes IPTC maps it to (exact matches, else broad ones:
 * `subjectCodesOf`), once each: partners still on Subject Codes keep the story's subjects. A label that
 * fell back to its code (no translation yet) is IPTC's own in English or Arabic, else left out rather
 * than sent as a name in another language.
 */
function buildTopicSubjects(item: LocalizedItem): NewsMl.Concept[] {
  const seen = new Set<string>();
  return item.subjects.flatMap((s) => {
    const label = s.label !== s.qcode ? s.label : iptcLabel(s.qcode, item.language.tag);
    const subj = subjectCodesOf(s.qcode).filter((q) => !seen.has(q));
    subj.forEach((q) => seen.add(q));
    return [{ type: 'cpnat:abstract', qcode: s.qcode, ...(label ? { name: { value: label } } : {}) }, ...subj.map((qcode) => ({ type: 'cpnat:abstract', qcode }))];
  });
}

/**
 * `<by>`: the byline in the item's language ("نووسینی …", its credit lines for the authors, joined as the
 * HTML credits join lines), Latin names isolated in right-to-left text; without a byline, the provider
 * (the one author rule, `LocalizedItem.creators`), named in the source language like every provider name.
 */
function buildByline(item: LocalizedItem, inSource: (value: string) => NewsMl.Text): NewsMl.Text {
  // `creditLines` lists the authors' lines first, one per author (i18n/localize.ts).
  const bylines = item.creditLines.slice(0, item.authors.length);
  if (bylines.length === 0) return inSource(item.provider.name);
  return { value: isolate(bylines.join(' · '), item.language.direction) };
}

/** Notes §1 and LISTING_28: `located` is where the story comes from, with the country as `broader`. */
function buildLocated(located: LocalizedItem['located']): NewsMl.Located {
  return {
    type: 'cpnat:geoArea',
    // Catalog v40: `geonames:` = http://sws.geonames.org/
    ...(located.geonamesId ? { qcode: `geonames:${located.geonamesId}` } : {}),
    ...(located.name ? { name: { value: located.name } } : {}),
    broader: { type: 'cpnat:geoArea', qcode: `iso3166-1a2:${located.countryCode}` },
  };
}

/** Notes §4: every re-send is an update unless it is a correction. */
function chooseSignals(item: LocalizedItem): { qcode: NewsMl.Signal }[] {
  if (item.signal === 'correction') return [{ qcode: 'sig:correction' }];
  if (item.signal === 'update' || item.itemVersion > 1) return [{ qcode: 'sig:update' }];
  return [];
}

/**
 * The body as XHTML: the one child `inlineXML` may hold (notes §1), language and direction repeated on
 * `html` and on every block, with IPTC's word and character counts (body.ts). Text blocks only: no
 * dateline in the lead (it is `dateline`), no figure (a picture would be its own newsItem), no credits
 * (they are `by` and `creditline`s).
 */
function buildInlineXml(item: LocalizedItem): NewsMl.InlineXml {
  const { tag, direction } = item.language;
  const { body, wordcount, charcount } = buildXhtmlBody(item.body, direction);
  return {
    contenttype: 'application/xhtml+xml',
    'xml:lang': tag,
    dir: direction,
    wordcount,
    charcount,
    html: { 'xml:lang': tag, lang: tag, dir: direction, title: item.headline, body },
  };
}

/** Our role IRIs: URNs, so they stay the same whatever host serves the items. */
export function roleUri(role: Contributor['role']): string {
  return `urn:rojname:role:${role}`;
}

/** Pure: every language version of a story as alternatives in one packageItem (LISTING_6, samples/). */
export function buildPackageItem(view: PackageView): NewsMl.PackageItem {
  const source = view.items[0];
  if (!source) throw new Error(`package "${view.guid}" has no language versions`);
  const lang = source.language;
  const provider: NewsMl.Party = { uri: view.provider.uri, name: { value: view.provider.name, ...markLanguage(source.sourceLanguage, lang) } };
  return {
    guid: view.guid,
    version: view.packageVersion,
    ...ROOT,
    ...markRoot(lang),
    catalogRef: CATALOG_REFS,
    itemMeta: {
      itemClass: { qcode: 'ninat:composite' },
      provider,
      versionCreated: toRfc3339(view.versionCreated),
      firstCreated: toRfc3339(view.firstCreated),
      // The package follows its source-language version: killing the story kills the package.
      pubStatus: { qcode: `stat:${source.pubStatus}` },
      edNote: [],
      signal: view.packageVersion > 1 ? [{ qcode: 'sig:update' }] : [],
      link: [],
    },
    contentMeta: { language: { tag: lang.tag }, headline: { value: source.headline } },
    groupSet: {
      root: 'G1',
      // `group:main` as in LISTING_6 and samples/packageitem-languages.xml; IPTC has no group-role
      // scheme in catalog v40. `pgrmod:alt` (pkggroupmode): alternatives, take one.
      group: [{ id: 'G1', role: 'group:main', mode: 'pgrmod:alt', itemRef: view.items.map((item) => buildItemRef(item, lang, provider)) }],
    },
  };
}

function buildItemRef(item: LocalizedItem, packageLanguage: Language, provider: NewsMl.Party): NewsMl.ItemRef {
  return {
    residref: item.newsmlGuid,
    version: item.itemVersion,
    contenttype: NEWSITEM_MEDIA_TYPE,
    itemClass: { qcode: 'ninat:text' },
    provider,
    pubStatus: { qcode: `stat:${item.pubStatus}` },
    title: { value: item.headline, ...markLanguage(item.language, packageLanguage) },
    // `title` names the reference; partners' ingest reads the target's `headline` (as in its contentMeta).
    headline: { value: item.headline, ...markLanguage(item.language, packageLanguage) },
    language: { tag: item.language.tag },
  };
}

/** Pure: a transport envelope holding complete newsItems. */
export function buildNewsMessage(view: MessageView, items: NewsMl.NewsItem[] = view.items.map(buildNewsItem)): NewsMl.NewsMessage {
  const host = view.items[0] ? new URL(view.items[0].newsmlUrl).hostname : 'rojname';
  return {
    header: { sent: toRfc3339(view.sent), sender: view.sender ?? host, transmitId: view.transmitId },
    itemSet: { newsItem: items },
  };
}

/** The package guid of a story: its source item's guid with `:package` in place of the language. */
export function derivePackageGuid(source: LocalizedItem): string {
  const suffix = `:${source.language.tag}`;
  const stem = source.newsmlGuid.endsWith(suffix) ? source.newsmlGuid.slice(0, -suffix.length) : source.newsmlGuid;
  return `${stem}:package`;
}

/** Notes §6: `xml:lang` always, `dir` only for right-to-left (left-to-right is the default). */
function markRoot(lang: Language): Pick<NewsMl.ItemRoot, 'xml:lang' | 'dir'> {
  return { 'xml:lang': lang.tag, ...(lang.direction === 'rtl' ? { dir: 'rtl' as const } : {}) };
}

/** Language markers for a text in `text` inside an element in `context`: only what differs. */
function markLanguage(text: Language, context: Language): NewsMl.I18n {
  if (text.tag === context.tag) return {};
  return { 'xml:lang': text.tag, ...(text.direction !== context.direction ? { dir: text.direction } : {}) };
}

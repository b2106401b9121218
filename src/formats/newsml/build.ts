import type { Contributor } from '../../article/types.js';
import type { Language } from '../../i18n/languages.js';
import type { LocalizedItem } from '../../i18n/localize.js';
import { buildBody } from '../body.js';
import { toRfc3339 } from '../dates.js';
import type { XmlNode } from '../xml.js';
import type { MessageView, NewsMl, PackageView } from './types.js';

/** Catalog v40 resolves the aliases we write (ninat, stat, sig, irel, cpnat, drol, medtop, iso3166-1a2, geonames, pgrmod); `group:` is LISTING_6's. */
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
      // A label that fell back to its code (no translation yet) is left out rather than sent as a name.
      ...item.subjects.map((s) => ({ type: 'cpnat:abstract', qcode: s.qcode, ...(s.label !== s.qcode ? { name: { value: s.label } } : {}) })),
      // Notes §1: the country is a geographic subject, not a Media Topic.
      { type: 'cpnat:geoArea', qcode: `iso3166-1a2:${item.located.countryCode}` },
    ],
    // Wire systems key on one slugline for all language versions: the source version's slug.
    slugline: { value: item.sourceSlug, ...markLanguage(item.sourceLanguage, item.language) },
    headline: { value: item.headline },
    ...(item.dateline ? { dateline: { value: item.dateline } } : {}),
    creditline: item.creditLines.map((value) => ({ value })),
    description: [{ role: 'drol:summary', value: item.summary }],
  };
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

/** The body as XHTML: the one child `inlineXML` may hold (notes §1), language and direction repeated on `html`. */
function buildInlineXml(item: LocalizedItem): NewsMl.InlineXml {
  const { tag, direction } = item.language;
  // No figure (a picture would be its own newsItem) and no credits (they are `creditline`s).
  const body = toXhtml(buildBody(item, { image: false, credits: false, correction: false }));
  return {
    contenttype: 'application/xhtml+xml',
    'xml:lang': tag,
    dir: direction,
    html: { 'xml:lang': tag, lang: tag, dir: direction, title: item.headline, body: body.children },
  };
}

/** A body tree as plain data: skipped children dropped, every attribute a string. */
function toXhtml(node: XmlNode): NewsMl.XhtmlElement {
  const attrs = Object.entries(node.attrs ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as const]));
  return {
    name: node.name,
    ...(attrs.length > 0 ? { attrs: Object.fromEntries(attrs) } : {}),
    children: (node.children ?? []).flatMap((c) => (c === undefined || c === false ? [] : [typeof c === 'string' ? c : 'cdata' in c ? c.cdata : 'hexText' in c ? c.hexText : 'fragment' in c ? unexpectedFragment() : toXhtml(c)])),
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
    contentMeta: { headline: { value: source.headline } },
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

function unexpectedFragment(): never {
  throw new Error('a body tree holds no serialized fragments');
}

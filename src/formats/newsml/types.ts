import type { LocalizedItem } from '../../i18n/localize.js';

/**
 * NewsML-G2 2.35 (IPTC) in the spec's own element and attribute names: only what rojname writes.
 * Element content is `value`; attributes keep their XML names (`xml:lang`, `qcode`, `residref`).
 * Repeatable elements are arrays (possibly empty), optional single ones are optional properties.
 */
export namespace NewsMl {
  /** `alias:code`, resolved through the IPTC catalog in `catalogRef` (XSD QCodeType). */
  export type QCode = string;
  /** XSD i18nAttributes: `dir` takes only these two values (`auto` is rejected). */
  export type Dir = 'ltr' | 'rtl';
  /** IPTC Publishing Status NewsCodes (`stat:` = http://cv.iptc.org/newscodes/pubstatusg2/). */
  export type PubStatus = 'stat:usable' | 'stat:withheld' | 'stat:canceled';
  /** IPTC Signal NewsCodes (`sig:` = http://cv.iptc.org/newscodes/signal/). */
  export type Signal = 'sig:update' | 'sig:correction';

  /** Language markers, written only where a text differs from what it inherits. */
  export interface I18n {
    'xml:lang'?: string;
    dir?: Dir;
  }
  /** A text property: its content and language markers. */
  export interface Text extends I18n {
    value: string;
  }
  export interface QCodeProp {
    qcode: QCode;
  }
  /** FlexPartyPropType: provider, copyrightHolder; FlexAuthorPropType (creator, contributor) adds roles. */
  export interface Party {
    uri?: string;
    /** FlexAuthorPropType `roleuri`: the part this person played, as an IRI. */
    roleuri?: string;
    name: Text;
  }
  /** A concept reference such as a subject or a broader place. */
  export interface Concept {
    type: QCode;
    qcode: QCode;
    name?: Text;
  }

  /** Attributes every item root carries (AnyItemType). */
  export interface ItemRoot {
    guid: string;
    version: number;
    standard: 'NewsML-G2';
    standardversion: '2.35';
    conformance: 'power';
    'xml:lang': string;
    dir?: Dir;
    catalogRef: { href: string }[];
  }

  export interface RightsInfo {
    copyrightHolder: Party;
    copyrightNotice: Text[];
  }

  export interface Link {
    rel: QCode;
    residref: string;
    version?: number;
    contenttype: string;
  }

  export interface ItemMeta {
    itemClass: { qcode: 'ninat:text' | 'ninat:composite' };
    provider: Party;
    versionCreated: string;
    firstCreated?: string;
    embargoed?: string;
    pubStatus: { qcode: PubStatus };
    edNote: Text[];
    signal: { qcode: Signal }[];
    link: Link[];
  }

  /** `located` (FlexLocationPropType): the place the content comes from. */
  export interface Located {
    type: QCode;
    qcode?: QCode;
    name?: Text;
    broader: Concept;
  }

  export interface ContentMeta {
    contentCreated: string;
    located: Located;
    creator: Party[];
    contributor: Party[];
    language: { tag: string };
    subject: Concept[];
    slugline?: Text;
    headline: Text;
    dateline?: Text;
    /** The byline as readers see it, in the item's language. */
    by?: Text;
    creditline: Text[];
    description: (Text & { role: 'drol:summary' })[];
  }

  /**
   * An XHTML text block inside `inlineXML` (the XSD does not look inside: `processContents="lax"`):
   * its whole text and no inline element, since partners' ingest keeps only the text before the first one.
   */
  export interface XhtmlText {
    name: 'p' | 'h2';
    dir: Dir;
    text: string;
  }
  /** A quote: its text and, when known, its source line, each a text block. */
  export interface XhtmlQuote {
    name: 'blockquote';
    dir: Dir;
    blocks: XhtmlText[];
  }
  export type XhtmlBlock = XhtmlText | XhtmlQuote;
  /** The one `<html xmlns="http://www.w3.org/1999/xhtml">` child of `inlineXML`. */
  export interface Html {
    'xml:lang': string;
    lang: string;
    dir: Dir;
    title: string;
    body: XhtmlBlock[];
  }

  export interface InlineXml {
    contenttype: 'application/xhtml+xml';
    'xml:lang': string;
    dir: Dir;
    /** XSD mediaContentCharacteristics1: words and characters of the body's text (build.ts says how they are counted). */
    wordcount: number;
    charcount: number;
    html: Html;
  }

  export interface NewsItem extends ItemRoot {
    rightsInfo: RightsInfo[];
    itemMeta: ItemMeta & { itemClass: { qcode: 'ninat:text' } };
    contentMeta: ContentMeta;
    /** Absent on a kill (see build.ts). */
    contentSet?: { inlineXML: InlineXml };
  }

  /** `itemRef` (Link1Type) with the summary properties of the target item, as LISTING_6 shows. */
  export interface ItemRef {
    residref: string;
    version: number;
    contenttype: 'application/vnd.iptc.g2.newsitem+xml';
    itemClass: { qcode: 'ninat:text' };
    provider: Party;
    pubStatus: { qcode: PubStatus };
    title: Text;
    /** The target item's headline, which partners show in a package listing. */
    headline: Text;
    language: { tag: string };
  }
  export interface Group {
    id: string;
    role: QCode;
    mode: 'pgrmod:alt';
    itemRef: ItemRef[];
  }
  export interface PackageItem extends ItemRoot {
    itemMeta: ItemMeta & { itemClass: { qcode: 'ninat:composite' } };
    /** The package's own language (its source version's) and headline. */
    contentMeta: { language: { tag: string }; headline: Text };
    groupSet: { root: string; group: Group[] };
  }

  /** A transport envelope, not an item: no guid, no version. */
  export interface NewsMessage {
    header: { sent: string; sender: string; transmitId: string };
    itemSet: { newsItem: NewsItem[] };
  }
}

/** Every language version of one story, grouped in one packageItem. */
export interface PackageView {
  articleId: string;
  /** The package's own `@version`: +1 whenever any member changes. */
  packageVersion: number;
  /** RFC 3339: this package version. */
  versionCreated: string;
  /** RFC 3339: package version 1. */
  firstCreated: string;
  /** All language versions, the source language first. */
  items: LocalizedItem[];
  provider: { name: string; uri: string };
  /** See `derivePackageGuid`. */
  guid: string;
}

/** One newsMessage: a batch of complete newsItems for a partner. */
export interface MessageView {
  /** RFC 3339, passed in: renderers never read the clock. */
  sent: string;
  transmitId: string;
  items: LocalizedItem[];
  /** `header/sender`; defaults to the host that serves the items. */
  sender?: string;
}

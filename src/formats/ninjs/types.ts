import type { LocalizedItem } from '../../i18n/localize.js';

/**
 * ninjs 3.1 (IPTC News in JSON) in the spec's own property names: only what rojname writes.
 * ninjs 3.x names are camelCase (`versionCreated`, `pubStatus`, `contentType`, `embargoedUntil`),
 * where 1.x wrote them lower case; the official schema refuses any other name
 * (`unevaluatedProperties: false`). ninjs has no links and no signals: a correction is a new
 * `version` with an `edNote`, other documents are `associations`.
 */
export namespace Ninjs {
  /** IPTC Publishing Status (http://cv.iptc.org/newscodes/pubstatusg2/), without the `stat:` alias. */
  export type PubStatus = 'usable' | 'withheld' | 'canceled';

  /** `standard`: which standard, version and schema the object conforms to. */
  export interface Standard {
    name: 'ninjs';
    version: '3.1';
    schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';
  }

  /** A `headlines` entry. */
  export interface Headline {
    role: 'main';
    contentType: 'text/plain';
    value: string;
  }
  /** A `descriptions` entry: the story's summary, or a picture's caption and alternative text. */
  export interface Description {
    role: 'summary' | 'caption' | 'alternativeText';
    contentType: 'text/plain';
    value: string;
  }
  /** A `bodies` entry: the story as HTML, wrapped in a `div` with `lang` and `dir`. */
  export interface Body {
    role: 'main';
    contentType: 'text/html';
    value: string;
  }

  /** A Media Topic: its concept URI, its QCode as `literal`, its label in the item's language. */
  export interface Subject {
    uri: string;
    literal: string;
    name?: string;
  }
  /** A place: the GeoNames place the story comes from, or its country (ISO 3166-1 alpha-2). */
  export interface Place {
    name?: string;
    uri: string;
    literal: string;
  }
  /** A party that modified or enhanced the content (editor, translator), its role as an IRI. */
  export interface InfoSource {
    name: string;
    role: string;
  }

  export interface Rendition {
    name: 'main';
    href: string;
    contentType: string;
    width: number;
    height: number;
  }

  /** An associated ninjs object (ninjs: any ninjs property, plus a required `name` and an optional `rel`). */
  export interface Association {
    name: string;
    rel: string;
    uri: string;
    type: 'text' | 'picture';
    /** Only what identifies the associated object: fetch it for the rest. */
    representationType: 'partial';
    language: string;
    by?: string;
    descriptions?: Description[];
    renditions?: Rendition[];
  }

  /** One language version of a story, at one version. */
  export interface Item {
    uri: string;
    standard: Standard;
    type: 'text';
    /** ninjs: a string. */
    version: string;
    versionCreated: string;
    firstCreated: string;
    contentCreated: string;
    embargoedUntil?: string;
    pubStatus: PubStatus;
    edNote?: string;
    language: string;
    slugline: string;
    headlines: Headline[];
    descriptions: Description[];
    by: string;
    located?: string;
    /** Absent on a kill. */
    bodies?: Body[];
    subjects?: Subject[];
    places: Place[];
    infoSources?: InfoSource[];
    copyrightHolder: string;
    copyrightNotice: string;
    associations?: Association[];
  }

  /** `latest.json`: our own envelope (ninjs has none) around complete ninjs objects. */
  export interface Latest {
    items: Item[];
  }
}

/** A language's latest items for partners, newest first: the newsMessage's items. */
export interface NinjsLatestView {
  items: readonly LocalizedItem[];
}

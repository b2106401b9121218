import { readFileSync } from 'node:fs';

/** The vendored vocabulary, generated from IPTC's file by `src/topics/regenerate.ts` (see its README). */
export const VOCABULARY_FILE = new URL('../../schemas/mediatopic/mediatopics.json', import.meta.url).pathname;

/** One IPTC Media Topic as vendored; codes are bare (`16000000`), Subject Codes too (`16009002`). */
export interface MediaTopicRecord {
  /** IPTC's `en-GB` label. */
  en: string;
  /** IPTC's Arabic label, where IPTC has one. */
  ar?: string;
  /** Parent topics (none for the 17 top-level ones). */
  broader: string[];
  /** `YYYY-MM-DD`: when IPTC retired the concept. */
  retired?: string;
  /** The topics IPTC's note on a retired concept says to use instead. */
  replacedBy?: string[];
  /** IPTC's English note on a retired concept, as written. */
  retiredNote?: string;
  /** IPTC's own mapping to its older Subject Codes (SKOS exactMatch, broadMatch, closeMatch). */
  subj?: { exact?: string[]; broad?: string[]; close?: string[] };
}

export interface Vocabulary {
  source: {
    scheme: string;
    file: string;
    /** The scheme's `dateReleased`. */
    dateReleased: string;
    /** The newest `modified` of any concept in it. */
    lastModified: string;
    copyrightHolder: string;
    licence: string;
  };
  topics: Record<string, MediaTopicRecord>;
}

/** A Media Topic as code outside this module sees it. */
export interface MediaTopic extends MediaTopicRecord {
  /** `16000000` */
  code: string;
  /** `medtop:16000000` */
  qcode: string;
}

let loaded: Vocabulary | undefined;

/** The vendored vocabulary, read once per process on first use. */
export function loadVocabulary(): Vocabulary {
  loaded ??= JSON.parse(readFileSync(VOCABULARY_FILE, 'utf8')) as Vocabulary;
  return loaded;
}

/** The topic for `medtop:NNNNNNNN` (or the bare code), retired ones included; undefined if IPTC has none. */
export function findTopic(code: string): MediaTopic | undefined {
  const bare = code.startsWith('medtop:') ? code.slice('medtop:'.length) : code;
  const record = Object.hasOwn(loadVocabulary().topics, bare) ? loadVocabulary().topics[bare] : undefined;
  return record && { ...record, code: bare, qcode: `medtop:${bare}` };
}

/**
 * Why an article may not use `qcode`, in words an editor can act on; undefined when it may. A code
 * IPTC never issued is unknown; a retired one names what IPTC says to use instead.
 */
export function describeUnusableTopic(qcode: string): string | undefined {
  const topic = findTopic(qcode);
  if (!topic) return `${qcode} is not an IPTC Media Topic (IPTC Media Topics, release ${loadVocabulary().source.dateReleased.slice(0, 10)})`;
  if (!topic.retired) return undefined;
  const retired = `${qcode} was retired by IPTC on ${topic.retired}`;
  const instead = (topic.replacedBy ?? []).map(findTopic).filter((t): t is MediaTopic => t !== undefined && !t.retired);
  if (instead.length > 0) return `${retired}; use ${instead.map((t) => `${t.qcode} (${t.en})`).join(' or ')}`;
  return topic.retiredNote ? `${retired} (IPTC's note: "${topic.retiredNote}")` : retired;
}

/**
 * IPTC Subject Codes (`subj:…`) for a Media Topic, from IPTC's own mapping: its exact matches, else
 * its broad matches. Close matches are left out: SKOS closeMatch is "similar", not the same or wider.
 */
export function subjectCodesOf(qcode: string): string[] {
  const subj = findTopic(qcode)?.subj;
  return (subj?.exact ?? subj?.broad ?? []).map((code) => `subj:${code}`);
}

/** The languages whose IPTC labels are vendored (IPTC's `en-GB` and `ar`; it has no Kurdish). */
export const IPTC_LABEL_LANGUAGES = ['en', 'ar'] as const;
type IptcLabelLanguage = (typeof IPTC_LABEL_LANGUAGES)[number];

/** IPTC's own label of a topic in one of `IPTC_LABEL_LANGUAGES`; undefined for any other language. */
export function iptcLabel(qcode: string, language: string): string | undefined {
  if (!(IPTC_LABEL_LANGUAGES as readonly string[]).includes(language)) return undefined;
  return findTopic(qcode)?.[language as IptcLabelLanguage];
}

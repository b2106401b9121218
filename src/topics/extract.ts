import type { MediaTopicRecord, Vocabulary } from './vocabulary.js';

/**
 * IPTC's Media Topic vocabulary in its JSON-LD form (`http://cv.iptc.org/newscodes/mediatopic?lang=x-all`,
 * `cptall-x-all.json`): only the members rojname reads.
 */
export interface IptcScheme {
  uri: string;
  copyrightHolder: string;
  licenceLink: string;
  dateReleased: string;
  conceptSet: IptcConcept[];
}
export interface IptcConcept {
  qcode: string;
  modified: string;
  prefLabel: Record<string, string>;
  broader?: string[];
  retired?: string;
  changeNote?: Record<string, string>;
  note?: Record<string, string>;
  exactMatch?: string[];
  closeMatch?: string[];
  broadMatch?: string[];
}

const MEDTOP_URI = 'http://cv.iptc.org/newscodes/mediatopic/';
const SUBJ_URI = 'http://cv.iptc.org/newscodes/subjectcode/';
/** Eight digits on their own: a Media Topic code inside IPTC's prose ("Use corruption (20000093) instead"). */
const CODE_IN_PROSE = /(?<!\d)(\d{8})(?!\d)/g;

/**
 * Pure: the part of IPTC's vocabulary rojname uses, one record per concept (retired ones included,
 * so the article check can say what replaced them). Labels are NFC with runs of white space made one
 * space (IPTC's Arabic label of 16000000 has a double space); nothing else in them is changed.
 */
export function extractVocabulary(scheme: IptcScheme, file: string): Vocabulary {
  if (scheme.uri !== MEDTOP_URI) throw new Error(`${file}: not the IPTC Media Topic scheme (uri ${scheme.uri})`);
  const known = new Set(scheme.conceptSet.map((c) => bareCode(c.qcode)));
  const topics: Record<string, MediaTopicRecord> = {};
  for (const concept of scheme.conceptSet) {
    const code = bareCode(concept.qcode);
    const en = concept.prefLabel['en-GB'];
    if (!en) throw new Error(`${file}: ${concept.qcode} has no en-GB label`);
    const ar = concept.prefLabel.ar;
    const subj = {
      ...matches('exact', concept.exactMatch),
      ...matches('broad', concept.broadMatch),
      ...matches('close', concept.closeMatch),
    };
    topics[code] = {
      en: cleanLabel(en),
      ...(ar ? { ar: cleanLabel(ar) } : {}),
      broader: (concept.broader ?? []).filter((uri) => uri.startsWith(MEDTOP_URI)).map((uri) => uri.slice(MEDTOP_URI.length)),
      ...(concept.retired ? retirement(concept, code, known) : {}),
      ...(Object.keys(subj).length > 0 ? { subj } : {}),
    };
  }
  return {
    source: {
      scheme: scheme.uri,
      file,
      dateReleased: scheme.dateReleased,
      lastModified: scheme.conceptSet.map((c) => c.modified).sort().at(-1) ?? scheme.dateReleased,
      copyrightHolder: scheme.copyrightHolder,
      licence: scheme.licenceLink,
    },
    topics,
  };
}

/**
 * Pure: the vocabulary as the vendored file holds it: one topic per line, so a new IPTC release
 * reads as a diff of the concepts that changed.
 */
export function formatVocabulary(vocabulary: Vocabulary): string {
  // Sorted by hand: JavaScript lists integer-like keys ("10000000") before "01000000".
  const lines = Object.entries(vocabulary.topics)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, topic]) => `    ${JSON.stringify(code)}: ${JSON.stringify(topic)}`);
  return `{\n  "source": ${JSON.stringify(vocabulary.source)},\n  "topics": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/** IPTC states a replacement only in prose (changeNote or note); the codes it names there are kept. */
function retirement(concept: IptcConcept, code: string, known: Set<string>): Pick<MediaTopicRecord, 'retired' | 'replacedBy' | 'retiredNote'> {
  const note = concept.changeNote?.['en-GB'] ?? concept.note?.['en-GB'];
  const replacedBy = [...new Set([...(note ?? '').matchAll(CODE_IN_PROSE)].map((m) => m[1]!))].filter((c) => c !== code && known.has(c));
  return {
    retired: concept.retired!.slice(0, 10),
    ...(replacedBy.length > 0 ? { replacedBy } : {}),
    ...(note ? { retiredNote: cleanLabel(note) } : {}),
  };
}

function matches(kind: 'exact' | 'broad' | 'close', uris: string[] | undefined): Partial<Record<typeof kind, string[]>> {
  const codes = (uris ?? []).filter((uri) => uri.startsWith(SUBJ_URI)).map((uri) => uri.slice(SUBJ_URI.length));
  return codes.length > 0 ? { [kind]: codes } : {};
}

function bareCode(qcode: string): string {
  if (!/^medtop:\d{8}$/.test(qcode)) throw new Error(`"${qcode}" is not a Media Topic QCode`);
  return qcode.slice('medtop:'.length);
}

function cleanLabel(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

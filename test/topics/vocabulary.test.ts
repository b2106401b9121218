import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractVocabulary, formatVocabulary, type IptcScheme } from '../../src/topics/extract.js';
import { describeUnusableTopic, findTopic, iptcLabel, loadVocabulary, subjectCodesOf, VOCABULARY_FILE } from '../../src/topics/vocabulary.js';

/** Concepts copied from IPTC's cptall-x-all.json (definitions and most languages dropped), one per case. */
const fixture = (): IptcScheme => JSON.parse(readFileSync(new URL('./fixtures/cptall-extract.json', import.meta.url), 'utf8')) as IptcScheme;

describe('the vendored vocabulary (schemas/mediatopic/mediatopics.json)', () => {
  const vocabulary = loadVocabulary();

  it('holds every concept of IPTC release 2019-04-06, retired ones too, under CC BY 4.0', () => {
    const topics = Object.values(vocabulary.topics);
    expect(topics).toHaveLength(1286);
    expect(topics.filter((t) => t.retired)).toHaveLength(153);
    expect(topics.filter((t) => t.ar)).toHaveLength(1131);
    expect(topics.filter((t) => t.broader.length === 0)).toHaveLength(17);
    expect(vocabulary.source).toEqual({
      scheme: 'http://cv.iptc.org/newscodes/mediatopic/',
      file: 'cptall-x-all.json',
      dateReleased: '2019-04-06T20:00:00+00:00',
      lastModified: '2019-12-11T12:00:00+00:00',
      copyrightHolder: 'IPTC, International Press Telecommunications Council - https://iptc.org',
      licence: 'http://creativecommons.org/licenses/by/4.0/',
    });
  });
  it("knows the sample story's topics, their parents and IPTC's Subject Code mapping", () => {
    expect(findTopic('medtop:16000000')).toEqual({ code: '16000000', qcode: 'medtop:16000000', en: 'conflict, war and peace', ar: 'نزاعات، حرب وسلام', broader: [], subj: { broad: ['16000000'] } });
    expect(findTopic('medtop:20000058')).toEqual({ code: '20000058', qcode: 'medtop:20000058', en: 'international military intervention', ar: 'تدخل عسكري دولي', broader: ['20000056'], subj: { exact: ['16009002'] } });
    expect(findTopic('20000599')).toMatchObject({ en: 'armed forces', ar: 'قوات مسلحة', broader: ['20000598'], subj: { exact: ['11001004'] } });
  });
  it('has a parent in the vocabulary for every topic below the top level', () => {
    for (const [code, topic] of Object.entries(vocabulary.topics)) for (const parent of topic.broader) expect(vocabulary.topics[parent], `${code} › ${parent}`).toBeDefined();
  });
  it('is written one topic per line, in code order', () => {
    const lines = readFileSync(VOCABULARY_FILE, 'utf8').split('\n');
    const codes = lines.flatMap((l) => /^ {4}"(\d{8})": \{/.exec(l)?.[1] ?? []);
    expect(codes).toHaveLength(1286);
    expect(codes).toEqual([...codes].sort());
    expect(codes[0]).toBe('01000000');
  });
  it('knows no object key as a topic', () => {
    expect(findTopic('medtop:constructor')).toBeUndefined();
    expect(findTopic('__proto__')).toBeUndefined();
  });
});

describe('subjectCodesOf', () => {
  it('gives the exact match, else the broad match, as subj: QCodes', () => {
    expect(subjectCodesOf('medtop:20000058')).toEqual(['subj:16009002']);
    expect(subjectCodesOf('medtop:16000000')).toEqual(['subj:16000000']);
  });
  it('leaves out close matches and topics IPTC maps to nothing', () => {
    // medtop:08000000 human interest has only closeMatch subj:08000000; 20001145 military service has no mapping.
    expect(findTopic('medtop:08000000')?.subj).toEqual({ close: ['08000000'] });
    expect(subjectCodesOf('medtop:08000000')).toEqual([]);
    expect(subjectCodesOf('medtop:20001145')).toEqual([]);
    expect(subjectCodesOf('medtop:99999999')).toEqual([]);
  });
});

describe('iptcLabel', () => {
  it("gives IPTC's English and Arabic labels, and nothing in other languages", () => {
    expect(['en', 'ar', 'ckb', 'kmr', 'de'].map((lang) => iptcLabel('medtop:20000053', lang))).toEqual(['act of terror', 'عمل ارهابي', undefined, undefined, undefined]);
  });
  it('gives nothing where IPTC has no Arabic label', () => {
    expect(iptcLabel('medtop:20001145', 'ar')).toBeUndefined();
    expect(iptcLabel('medtop:20001145', 'en')).toBe('military service');
  });
});

describe('describeUnusableTopic', () => {
  it('accepts a current topic', () => {
    expect(describeUnusableTopic('medtop:20000599')).toBeUndefined();
  });
  it('names a code IPTC never issued', () => {
    expect(describeUnusableTopic('medtop:99999999')).toBe('medtop:99999999 is not an IPTC Media Topic (IPTC Media Topics, release 2019-04-06)');
  });
  it('names the date of a retirement and what IPTC says to use instead', () => {
    expect(describeUnusableTopic('medtop:20000064')).toBe('medtop:20000064 was retired by IPTC on 2016-04-05; use medtop:20000105 (war crime)');
    expect(describeUnusableTopic('medtop:20000809')).toBe('medtop:20000809 was retired by IPTC on 2019-10-07; use medtop:20000093 (corruption)');
  });
  it("quotes IPTC's note when it names no topic to use", () => {
    expect(describeUnusableTopic('medtop:20000881')).toBe('medtop:20000881 was retired by IPTC on 2017-07-04 (IPTC\'s note: "Retired. Use Media Topic canoeing + sports facet canoekayaktype")');
  });
  it('gives the date alone when IPTC says nothing more', () => {
    const silent = Object.entries(loadVocabulary().topics).find(([, t]) => t.retired && !t.retiredNote)!;
    expect(describeUnusableTopic(`medtop:${silent[0]}`)).toBe(`medtop:${silent[0]} was retired by IPTC on ${silent[1].retired}`);
  });
});

describe('extractVocabulary (what src/topics/regenerate.ts writes)', () => {
  const vocabulary = extractVocabulary(fixture(), 'cptall-extract.json');

  it('keeps code, labels, parents, retirement and Subject Code matches, and nothing else', () => {
    expect(vocabulary.topics).toEqual({
      '16000000': { en: 'conflict, war and peace', ar: 'نزاعات، حرب وسلام', broader: [], subj: { broad: ['16000000'] } },
      '20000058': { en: 'international military intervention', ar: 'تدخل عسكري دولي', broader: ['20000056'], subj: { exact: ['16009002'] } },
      '08000000': { en: 'human interest', ar: 'قضية انسانية', broader: [], subj: { close: ['08000000'] } },
      '20000064': {
        en: 'war crime action',
        ar: 'جريمة حرب',
        broader: ['20000062'],
        retired: '2016-04-05',
        replacedBy: ['20000105'],
        retiredNote: '2016-04-05: As two concepts with very similar definitions exist this concept (medtop:20000064) was retired and it is recommended to use war crime (medtop:20000105)',
        subj: { exact: ['16009000'] },
      },
      '20000796': {
        en: 'nuclear radiation victims',
        ar: 'ضحايا اشعة نووية',
        broader: ['20000788'],
        retired: '2019-10-07',
        replacedBy: ['20000142'],
        retiredNote: '2019-10-07: Retired. Use nuclear accident and incident (20000142) instead.',
        subj: { exact: ['14020000'] },
      },
      '20000881': { en: 'canoe sailing', ar: 'كانو', broader: ['20000877'], retired: '2017-07-04', retiredNote: 'Retired. Use Media Topic canoeing + sports facet canoekayaktype', subj: { exact: ['15015011'] } },
      // Wikidata matches are dropped; Subject Code ones kept.
      '20000105': { en: 'war crime', ar: 'جرائم حرب', broader: ['20000082'], subj: { exact: ['02013000'] } },
      '20000142': { en: 'nuclear accident and incident', ar: 'حادث نووي', broader: ['20000141'], subj: { exact: ['03008000'] } },
      '20001145': { en: 'military service', broader: ['20000599'] },
    });
  });
  it('normalizes white space in labels (IPTC writes "نزاعات،  حرب وسلام")', () => {
    expect(fixture().conceptSet[0]!.prefLabel.ar).toBe('نزاعات،  حرب وسلام');
    expect(vocabulary.topics['16000000']!.ar).toBe('نزاعات، حرب وسلام');
  });
  it('records the source release and licence', () => {
    expect(vocabulary.source).toEqual({
      scheme: 'http://cv.iptc.org/newscodes/mediatopic/',
      file: 'cptall-extract.json',
      dateReleased: '2019-04-06T20:00:00+00:00',
      lastModified: '2019-10-07T12:00:00+00:00',
      copyrightHolder: 'IPTC, International Press Telecommunications Council - https://iptc.org',
      licence: 'http://creativecommons.org/licenses/by/4.0/',
    });
  });
  it('writes one topic per line, in code order, and reads back the same', () => {
    const text = formatVocabulary(vocabulary);
    expect(text.split('\n').filter((l) => /^ {4}"\d{8}"/.test(l)).map((l) => l.slice(5, 13))).toEqual(['08000000', '16000000', '20000058', '20000064', '20000105', '20000142', '20000796', '20000881', '20001145']);
    expect(JSON.parse(text)).toEqual(vocabulary);
  });
  it('refuses another scheme', () => {
    expect(() => extractVocabulary({ ...fixture(), uri: 'http://cv.iptc.org/newscodes/subjectcode/' }, 'x.json')).toThrow('x.json: not the IPTC Media Topic scheme');
  });
});

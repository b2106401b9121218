import { createHash } from 'node:crypto';
import type { ArticleInput, Block, Contributor, Image, Provider, Subject } from './types.js';
import { loadGazetteer, type Gazetteer } from '../places/gazetteer.js';
import { ValidationError, type Problem } from '../validate/problems.js';
import { readDateline, startsWithDateline } from './dateline.js';
import { locate } from './locate.js';
import { slugify } from './slug.js';
import { decodeCharacterReferences } from './text.js';
import { readTrailer } from './trailer.js';

/** What the importer needs besides the text: it never guesses time or language. */
export interface WireCopyOptions {
  /** Language of the copy (a registry tag). */
  language: string;
  /** When the story ran, RFC 3339 with offset (e.g. `2021-02-18T19:30:00+03:00`). */
  published: string;
  /** Article id; derived from the date, headline and text when absent. */
  id?: string;
  /** The provider's home page (http or https): wire copy names its source, never its address. */
  providerUri: string;
  /** The provider's name when the dateline names none (the dateline's source wins). */
  providerName?: string;
  /**
   * Country of the dateline place (ISO 3166-1 alpha-2). Required when the gazetteer does not know the
   * place; when it does, it may be left out and must agree with it. Never guessed.
   */
  countryCode?: string;
  /** How the caller names `countryCode` in messages (`--country`, `?country`); default `countryCode`. */
  countryInput?: string;
  /** Where dateline places are looked up; default `content/places.json`. */
  gazetteer?: Gazetteer;
  subjects?: Subject[];
  /** The photo the caption belongs to: wire copy carries only its caption. */
  image?: Pick<Image, 'url' | 'mediaType' | 'width' | 'height'> & { alt?: string };
}

/** Something in the copy that the importer saw but did not map, with its 1-based line. */
export interface ImportNote {
  line: number;
  message: string;
}

export interface WireCopyResult {
  article: ArticleInput;
  notes: ImportNote[];
}

interface Paragraph {
  line: number;
  lines: string[];
}

// The photo credit at the end of a caption line: "(Photo: NATO)", "(Photo by Jane Doe/AFP)", Kurmanji
// "(Wêne: AFP)" / "(Foto: …)", Sorani "(وێنە: کوردستان24)" / "(فۆتۆ: …)", Arabic "(الصورة: رويترز)" / "(تصوير: …)".
const CREDIT = /\s*\((?:Photo|Photograph|Picture|Image|Foto|Wêne|وێنە|فۆتۆ|الصورة|صورة|تصوير)(?:\s*[:：]|\s+by)\s*([^()]+?)\)\s*$/iu;

/** Turns plain-text wire copy into a canonical article; throws a ValidationError when it cannot. */
export function importWireCopy(text: string, options: WireCopyOptions): WireCopyResult {
  const notes: ImportNote[] = [];
  const paragraphs = splitParagraphs(normalize(text));
  const first = paragraphs[0];
  if (!first) throw importError('/', 'the copy is empty');

  const headline = readHeadline(first);
  let rest = paragraphs.slice(1);

  const captions: { line: number; caption: string; credit: string }[] = [];
  while (rest[0] && rest[0].lines.every((l) => CREDIT.test(l))) {
    for (const [i, l] of rest[0].lines.entries()) {
      const credit = CREDIT.exec(l)![1]!.trim();
      captions.push({ line: rest[0].line + i, caption: l.replace(CREDIT, '').trim(), credit });
    }
    rest = rest.slice(1);
  }
  const distinct = [...new Map(captions.map((c) => [`${c.caption}\u0000${c.credit}`, c])).values()];
  if (captions.length > distinct.length) {
    notes.push({ line: captions[0]!.line, message: `the photo caption appears ${captions.length} times; kept once` });
  }
  for (const extra of distinct.slice(1)) {
    notes.push({ line: extra.line, message: `a second, different caption was not used: "${extra.caption}"` });
  }

  const last = rest.at(-1);
  const trailer = last ? readTrailer(last.lines) : undefined;
  const contributors: Contributor[] = trailer ?? [];
  if (trailer) rest = rest.slice(0, -1);
  if (contributors.length === 0) notes.push({ line: last?.line ?? 1, message: 'no trailer naming an author or editor' });

  if (rest.length === 0) throw importError('/body', 'the copy has a headline but no body paragraphs');
  const lead = rest[0]!;
  const gazetteer = options.gazetteer ?? loadGazetteer();
  const dateline = readDateline(lead.lines, rest.length > 1, gazetteer);
  if (!dateline) notes.push({ line: lead.line, message: 'no dateline ("PLACE (Source) –") at the start of the first paragraph' });
  // A dateline alone on its paragraph ("رووداو - أربيل") leaves the text to the next one.
  const bodyParagraphs = dateline && dateline.lead === undefined ? rest.slice(1) : rest;
  if (bodyParagraphs.length === 0) throw importError('/body', `line ${lead.line} is a dateline with no text after it`, notes);
  const body: Block[] = bodyParagraphs.map((p, i) => ({ type: 'paragraph', text: i === 0 && dateline?.lead !== undefined ? dateline.lead : p.lines.join(' ') }));
  const source = dateline?.source;

  const caption = distinct[0];
  if (caption && !options.image) notes.push({ line: caption.line, message: 'a caption was found but no image was given; caption not used' });
  if (!caption && options.image) notes.push({ line: 1, message: 'an image was given but the copy has no caption for it' });
  if (!options.subjects?.length) notes.push({ line: 1, message: 'no subjects given; add IPTC Media Topic codes' });

  const lang = options.language;
  const images: Image[] =
    caption && options.image
      ? [
          {
            url: options.image.url,
            mediaType: options.image.mediaType,
            width: options.image.width,
            height: options.image.height,
            credit: caption.credit,
            caption: { [lang]: caption.caption },
            alt: { [lang]: options.image.alt ?? caption.caption },
          },
        ]
      : [];

  const provider: Provider = { name: source ?? options.providerName ?? '', uri: options.providerUri };
  if (!dateline) throw importError('/located/name', 'the dateline place could not be recognised; add a dateline such as "ERBIL (Kurdistan 24) –"', notes);
  if (dateline.placeText === undefined) {
    throw importError('/located/name', `the dateline "${dateline.text}" names the newsroom, not a place; write the place in the dateline (e.g. "Hewlêr (K24) –")`, notes);
  }
  const countryInput = options.countryInput ?? 'countryCode';
  const found = locate({ placeText: dateline.placeText, place: dateline.place, language: lang, countryCode: options.countryCode, countryInput }, gazetteer);
  if (!('located' in found)) throw importError(found.problem.pointer, found.problem.message, notes);
  if (found.note) notes.push({ line: lead.line, message: found.note });
  if (!provider.name) throw importError('/provider/name', 'the dateline names no source; give the provider name', notes);
  const slug = slugify(headline.text);
  const now = options.published;
  const article: ArticleInput = {
    id: options.id ?? deriveId(options.published, slug, paragraphs),
    pubStatus: 'usable',
    published: options.published,
    firstCreated: now,
    versionCreated: now,
    sourceLanguage: lang,
    provider,
    located: found.located,
    subjects: options.subjects ?? [],
    contributors,
    images,
    localizations: {
      [lang]: { headline: headline.text, summary: summarize(body[0]!.text), dateline: dateline.text, slug, body },
    },
  };
  return { article, notes };
}

/** Wire copy is often pasted from web pages: character references become characters. */
function normalize(text: string): string {
  return decodeCharacterReferences(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).normalize('NFC');
}

function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | undefined;
  text.split('\n').forEach((raw, i) => {
    // Runs of white space (and a lone tab or no-break space) become one space; a lone other space
    // (a thin space, say) stays. With no run left, no pattern below can spend quadratic time in one.
    const line = raw.replace(/\s+/g, (run) => (run.length > 1 || run === '\t' || run === '\u00A0' ? ' ' : run)).trim();
    if (line === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: i + 1, lines: [] };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

function readHeadline(p: Paragraph): { text: string } {
  const text = p.lines.join(' ');
  if (p.lines.length > 1 || text.length > 300 || CREDIT.test(text) || startsWithDateline(text) || readTrailer(p.lines)) {
    throw importError('/headline', `line ${p.line} is not a headline (a headline is one short line, followed by a blank line); the copy seems to have none`);
  }
  return { text };
}

/** The lead's first sentence, as the summary (wire copy carries no separate one). Arabic script has no capitals: any letter may start the next sentence. */
function summarize(lead: string): string {
  const m = /^(.{40,}?[.!?؟])\s+[\p{Lu}\p{Lo}«]/u.exec(lead);
  return (m ? m[1]! : lead).slice(0, 4000);
}

/** Same copy, same id, whatever its line ends or spacing: re-importing it is refused as a duplicate. */
function deriveId(published: string, slug: string, paragraphs: Paragraph[]): string {
  const day = published.slice(0, 10);
  const canonical = paragraphs.map((p) => p.lines.join(' ')).join('\n');
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 8);
  let short = '';
  for (const word of slug.split('-')) {
    if (short.length + word.length >= 40) break;
    short = short ? `${short}-${word}` : word;
  }
  return `${day}-${short}-${hash}`.toLowerCase();
}

function importError(pointer: string, message: string, notes: ImportNote[] = []): ValidationError {
  const problems: Problem[] = [{ pointer, message }, ...notes.map((n) => ({ pointer: `line ${n.line}`, message: n.message }))];
  return new ValidationError('wire copy', problems);
}

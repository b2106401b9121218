import { createHash } from 'node:crypto';
import type { ArticleInput, Block, Contributor, ContributorRole, Image, Provider, Subject } from './types.js';
import { ValidationError, type Problem } from '../validate/problems.js';
import { slugify } from './slug.js';
import { decodeCharacterReferences } from './text.js';

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
  /** Country of the dateline place (ISO 3166-1 alpha-2); default IQ. */
  countryCode?: string;
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

// "(Photo: NATO)", "(Photo by Jane Doe/AFP)", "(Photograph: …)" at the end of a caption line.
const CREDIT = /\s*\((?:Photo|Photograph|Picture|Image)(?::|\s+by)\s*([^()]+?)\)\s*$/i;
// "ERBIL (Kurdistan 24) – text", "BAGHDAD, Iraq (Reuters) - text": upper-case place, source, dash.
const DATELINE = /^([\p{Lu}][\p{Lu}\p{M}'’. -]*?)(?:,\s*([^()]+?))?\s*\(([^()]+)\)\s*[–—-]{1,2}\s*(\S.*)$/u;
// Trailers: "Editing by X", "Reporting by X; Editing by Y", "Writing by X".
const TRAILER_PART = /^(Editing|Edited|Reporting|Additional reporting|Writing|Written|Photos?)\s+by\s+(.+)$/i;
const ROLE_OF: Record<string, ContributorRole> = {
  editing: 'editor',
  edited: 'editor',
  reporting: 'author',
  'additional reporting': 'author',
  writing: 'author',
  written: 'author',
  photo: 'photographer',
  photos: 'photographer',
};

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

  const contributors: Contributor[] = [];
  const last = rest.at(-1);
  if (last && last.lines.length === 1) {
    const parts = last.lines[0]!.split(/\s*;\s*/);
    const parsed = parts.map((p) => TRAILER_PART.exec(p));
    if (parsed.every((m) => m !== null)) {
      for (const m of parsed) {
        for (const name of m![2]!.split(/\s+and\s+|,\s*/)) {
          contributors.push({ name: name.trim(), role: ROLE_OF[m![1]!.toLowerCase()]! });
        }
      }
      rest = rest.slice(0, -1);
    }
  }
  if (contributors.length === 0) notes.push({ line: last?.line ?? 1, message: 'no trailer naming an author or editor' });

  if (rest.length === 0) throw importError('/body', 'the copy has a headline but no body paragraphs');
  const lead = rest[0]!;
  const leadText = lead.lines.join(' ');
  const dateline = DATELINE.exec(leadText);
  let placeName: string | undefined;
  let datelineText = '';
  let source: string | undefined;
  if (dateline) {
    placeName = titleCase(dateline[1]!);
    source = dateline[3]!.trim();
    datelineText = `${dateline[1]!.trim()}${dateline[2] ? `, ${dateline[2].trim()}` : ''} (${source})`;
  } else {
    notes.push({ line: lead.line, message: 'no dateline ("PLACE (Source) –") at the start of the first paragraph' });
  }

  const body: Block[] = rest.map((p, i) => ({
    type: 'paragraph',
    text: i === 0 && dateline ? dateline[4]!.trim() : p.lines.join(' '),
  }));
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
    located: { name: placeName ? { [lang]: placeName } : {}, countryCode: options.countryCode ?? 'IQ' },
    subjects: options.subjects ?? [],
    contributors,
    images,
    localizations: {
      [lang]: { headline: headline.text, summary: summarize(body[0]!.text), dateline: datelineText || headline.text, slug, body },
    },
  };
  if (!placeName) throw importError('/located/name', 'the dateline place could not be recognised; add a dateline such as "ERBIL (Kurdistan 24) –"', notes);
  if (!provider.name) throw importError('/provider/name', 'the dateline names no source; give the provider name', notes);
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
  if (p.lines.length > 1 || CREDIT.test(text) || DATELINE.test(text) || TRAILER_PART.test(text) || text.length > 300) {
    throw importError('/headline', `line ${p.line} is not a headline (a headline is one short line, followed by a blank line); the copy seems to have none`);
  }
  return { text };
}

/** The lead's first sentence, as the summary (wire copy carries no separate one). */
function summarize(lead: string): string {
  const m = /^(.{40,}?[.!?])\s+\p{Lu}/u.exec(lead);
  return (m ? m[1]! : lead).slice(0, 4000);
}

function titleCase(place: string): string {
  return place
    .trim()
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
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

import type { LocalizedItem } from '../i18n/localize.js';
import { el, type XmlChild, type XmlNode } from './xml.js';

/**
 * The story body as one element tree, shared by every format: HTML in RSS, Atom and JSON Feed,
 * XHTML in NewsML-G2, and the article page. The wrapper carries `dir` and `lang` because feed
 * readers ignore the feed's language when choosing direction and strip `style` attributes.
 */
export function buildBody(item: LocalizedItem, options: { image?: boolean; credits?: boolean; correction?: boolean } = {}): XmlNode {
  const dir = item.language.direction;
  const runs = (text: string) => inlineRuns(text, dir);
  const [lead, ...rest] = item.body;
  const children: XmlChild[] = [];
  // The readers' correction note heads the story (partners get `edNote` instead).
  if (options.correction !== false && item.correction) children.push(buildCorrection(item.correction, runs));
  if (lead) {
    children.push(lead.type === 'paragraph' && item.dateline ? el('p', undefined, el('strong', undefined, ...runs(item.dateline)), ' – ', ...runs(lead.text)) : block(lead));
  }
  if (options.image !== false && item.image) {
    const img = item.image;
    children.push(
      el(
        'figure',
        undefined,
        // Absolute, sized (no layout shift) and eager: the story's own picture, never deferred.
        el('img', { src: img.url, alt: img.alt, width: img.width, height: img.height, loading: 'eager' }),
        el('figcaption', undefined, ...(img.caption ? [...runs(img.caption), ' '] : []), el('small', undefined, ...runs(img.creditLine))),
      ),
    );
  }
  children.push(...rest.map(block));
  if (options.credits !== false && item.creditLines.length > 0) {
    children.push(el('p', undefined, el('small', undefined, ...item.creditLines.flatMap((line, i) => (i === 0 ? runs(line) : [' · ', ...runs(line)])))));
  }
  return el('div', { dir, lang: item.language.tag }, ...children);

  function block(b: LocalizedItem['body'][number]): XmlNode {
    switch (b.type) {
      case 'heading':
        return el('h2', undefined, ...runs(b.text));
      case 'quote':
        return el('blockquote', undefined, el('p', undefined, ...runs(b.text)), b.cite ? el('p', undefined, '— ', el('cite', undefined, ...runs(b.cite))) : undefined);
      default:
        return el('p', undefined, ...runs(b.text));
    }
  }
}

/** `<p class="correction"><strong>Correction</strong> (<time>1 December 2026</time>): text</p>` */
export function buildCorrection(correction: NonNullable<LocalizedItem['correction']>, runs: (text: string) => XmlChild[] = (t) => [t]): XmlNode {
  return el('p', { class: 'correction' }, el('strong', undefined, correction.label), ' (', el('time', { datetime: correction.at }, correction.date), '): ', ...runs(correction.text));
}

/** Latin-script runs (acronyms, names, URLs) inside right-to-left text, marked left-to-right. */
const LTR_RUN = /[A-Za-z][A-Za-z0-9.'’@:/_-]*(?:\s+[A-Za-z0-9][A-Za-z0-9.'’@:/_-]*)*/g;

function inlineRuns(text: string, dir: 'ltr' | 'rtl'): XmlChild[] {
  if (dir === 'ltr') return [text];
  const out: XmlChild[] = [];
  let last = 0;
  for (const m of text.matchAll(LTR_RUN)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(el('span', { dir: 'ltr' }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const VOID = new Set(['img', 'br', 'hr', 'meta', 'link', 'source']);

/** Serializes a body tree as HTML: text and attributes escaped, so `]]>` or `<script>` stay text. */
export function toHtml(node: XmlChild): string {
  if (node === undefined || node === false) return '';
  if (typeof node === 'string') return escapeHtml(node);
  if ('cdata' in node) return escapeHtml(node.cdata);
  if ('hexText' in node) return escapeHtml(node.hexText);
  if ('fragment' in node) throw new Error('an XML fragment has no HTML form');
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v)).replace(/"/g, '&quot;')}"`)
    .join('');
  if (VOID.has(node.name)) return `<${node.name}${attrs}>`;
  return `<${node.name}${attrs}>${(node.children ?? []).map(toHtml).join('')}</${node.name}>`;
}

/** Escapes `&`, `<` and `>` — `>` too, so `]]>` can never appear in our HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The body as HTML, for RSS `content:encoded`, Atom `content type="html"` and JSON Feed `content_html`. */
export function renderBodyHtml(item: LocalizedItem): string {
  return toHtml(buildBody(item));
}

/** Text that an HTML-reading client would take for markup: a tag or a character reference. */
const LOOKS_LIKE_MARKUP = /[<>]|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Plain text for a field that feed readers render as HTML (the RSS description): when it looks like
 * markup it is HTML-escaped once more with hexadecimal references (`&#x3C;`), so readers (and the
 * W3C validator) see text, not tags. Not for titles: readers show those as plain text (rss/index.ts).
 */
export function textForHtmlReaders(text: string): string {
  if (!LOOKS_LIKE_MARKUP.test(text)) return text;
  return text.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;');
}

/** True when plain text must travel as escaped HTML to be read as the same text. */
export function looksLikeMarkup(text: string): boolean {
  return LOOKS_LIKE_MARKUP.test(text);
}

import { randomUUID } from 'node:crypto';
import { create } from 'xmlbuilder2';
import { chunksToString, type Chunk, type Piece } from './chunks.js';

/** An XML element as renderers build it: a tree in the spec's element order, serialized once. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: XmlChild[];
}
/** A CDATA section: for text some readers take as HTML (see rss/index.ts). */
export interface XmlCdata {
  cdata: string;
}
/**
 * Plain text written with hexadecimal character references for `&`, `<` and `>` (`&#x26;`,
 * `&#x3C;`, `&#x3E;`) instead of `&amp;`, `&lt;`, `&gt;`: the RSS Profile's encoding for plain text
 * ("Character Data"). An XML parser reads exactly the same text either way; the W3C validator
 * warns about `<` before a letter and about reference-like text (`&amp;`) in plain text
 * (CharacterData, ContainsHTML) unless the line holds a hexadecimal reference.
 */
export interface XmlHexText {
  hexText: string;
}
/**
 * An element this serializer already wrote (`serializeFragment`), reused as it is: a feed item that
 * has not changed since the last publication is neither rebuilt nor serialized again.
 */
export interface XmlFragment extends Piece {
  /** Namespace prefixes used inside, declared on the document's root. */
  readonly prefixes: readonly string[];
}
/** `undefined`/`false` children are skipped, so optional elements read naturally. */
export type XmlChild = XmlNode | XmlCdata | XmlHexText | XmlFragment | string | undefined | false;

export function cdata(text: string): XmlCdata {
  if (text.includes(']]>')) throw new Error('CDATA cannot hold "]]>"');
  return { cdata: text };
}

/** Text as `XmlHexText` when it holds `&`, `<` or `>`; otherwise the text itself (written the same). */
export function hexText(text: string): XmlHexText | string {
  return /[&<>]/.test(text) ? { hexText: text } : text;
}

export function el(name: string, attrs?: XmlNode['attrs'], ...children: XmlChild[]): XmlNode {
  return { name, ...(attrs ? { attrs } : {}), children };
}

/** Namespaces we may write, by prefix; declared on the root only when a prefix is used. */
export const NAMESPACES: Record<string, string> = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
};

/**
 * Serializes a tree as UTF-8 XML 1.0, indented where whitespace is insignificant: inside elements
 * that hold only elements, except XHTML inline elements. Mixed content (`(<span dir="ltr">NMI</span>)`
 * in a paragraph) is written exactly as built; xmlbuilder2's own pretty printer would change it.
 *
 * xmlbuilder2 leaves anything that looks like an entity (`&nbsp;`, `&amp;`) as it is, which
 * would turn literal text into markup (and `&nbsp;` is not even defined in XML). Every `&` is
 * therefore escaped here first, so what the tree says is exactly what a parser reads back.
 */
export function serializeXml(root: XmlNode): string {
  const doc = create();
  const fragments: Placed[] = [];
  append(doc, declareNamespaces(root, NAMESPACES), 0, false, fragments);
  // The declaration is written by hand so the root starts on its own line.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${chunksToString(placeFragments(doc.end({ headless: true, prettyPrint: false, wellFormed: true }), fragments))}\n`;
}

/**
 * Serializes one element as `serializeXml` writes it at `depth` below the root, for reuse in later
 * documents. `defaultNs` is the default namespace in scope there (Atom's, NewsML-G2's), so the
 * element is written exactly as it is inside the whole document.
 */
export function serializeFragment(node: XmlNode, depth: number, defaultNs?: string): XmlFragment {
  const used = new Set<string>();
  collectPrefixes(node, used);
  const out: Chunk[] = [];
  writeElement(node, depth, { defaultNs, prefixes: NAMESPACES, xhtml: defaultNs === XHTML_NS }, out);
  return { fragment: chunksToString(out), prefixes: [...used] };
}

/**
 * A whole document as `serializeXml` writes it (the same declaration, namespace declarations,
 * indentation and escaping; the suite holds the two to the same bytes), through the element writer,
 * with each fragment it holds kept as a piece of its own: the documents published on every change
 * (feeds, the partners' newsMessage) are their head written here and their items' pieces copied.
 * xmlbuilder2 took about 0.2 ms for a feed's head in a warm loop and 0.5 ms after a pause between
 * edits, this a few microseconds. `prefixes`: the namespaces the document may declare, by prefix.
 */
export function writeDocument(root: XmlNode, prefixes: Readonly<Record<string, string>> = NAMESPACES): Chunk[] {
  const out: Chunk[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeElement(declareNamespaces(root, prefixes), 0, { defaultNs: undefined, prefixes, xhtml: false }, out);
  out.push('\n');
  return joinText(out);
}

/** Runs of text joined into one string each, pieces left as they are: fewer, larger chunks to copy. */
function joinText(chunks: Chunk[]): Chunk[] {
  const joined: Chunk[] = [];
  let from = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (typeof c === 'string') continue;
    if (i > from) joined.push(chunks.slice(from, i).join(''));
    joined.push(c);
    from = i + 1;
  }
  // A document without pieces (a sitemap: hundreds of thousands of elements) is joined once, in place.
  if (from === 0) return [chunks.join('')];
  if (from < chunks.length) joined.push(chunks.slice(from).join(''));
  return joined;
}

/** What is in scope where an element is written: the default namespace, the declared prefixes, XHTML content. */
export interface WriteScope {
  defaultNs: string | undefined;
  prefixes: Readonly<Record<string, string>>;
  /** Inside an element whose `xmlns` is XHTML's: inline elements there are never indented. */
  xhtml: boolean;
}

/**
 * Writes an element exactly as xmlbuilder2 writes it inside `serializeXml`'s document (the same
 * indentation, escaping, attribute order and empty-element forms; the suite holds the two to the
 * same bytes on every golden tree and on random ones), without building a DOM: a feed item written
 * this way costs a small fraction of xmlbuilder2's document, and the item that changed is on the
 * path from an edit to its readers. The documents published on every change are written around
 * their items here too (`writeDocument`); per-story documents (newsItem, packageItem) are serialized
 * by xmlbuilder2 (`serializeXml`). Rules, as xmlbuilder2 follows the DOM Parsing spec's XML serialization:
 * attributes in the order given, `xml:*` after the others; `&`, `<`, `>` (and `"` in attributes)
 * escaped; an element with no children is `<name/>`, but in the XHTML namespace `<name />` when it
 * is a void element and `<name></name>` otherwise; an element with any child, even empty text, has
 * an end tag; empty text and CDATA write nothing; an `xmlns` equal to the default namespace in scope
 * is not written again.
 */
export function writeElement(node: XmlNode, depth: number | undefined, scope: WriteScope, out: Chunk[]): void {
  const name = node.name;
  const attrs = node.attrs;
  let open = `<${name}`;
  let xmlAttrs = '';
  let defaultNs = scope.defaultNs;
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      // A default namespace declared again with the value in scope is left out, as xmlbuilder2 does.
      if (value === undefined || (key === 'xmlns' && String(value) === scope.defaultNs)) continue;
      const text = ` ${key}="${escapeAttr(String(value))}"`;
      if (key.startsWith('xml:')) xmlAttrs += text;
      else open += text;
      if (key === 'xmlns') defaultNs = String(value);
    }
  }
  open += xmlAttrs;
  const colon = name.indexOf(':');
  const inXhtml = (colon < 0 ? defaultNs : scope.prefixes[name.slice(0, colon)]) === XHTML_NS;
  const children = node.children ?? [];
  let present = 0;
  let elementOnly = true;
  for (const c of children) {
    if (c === undefined || c === false) continue;
    present++;
    if (isText(c)) elementOnly = false;
  }
  if (present === 0) {
    out.push(open, !inXhtml ? '/>' : XHTML_VOID.has(colon < 0 ? name : name.slice(colon + 1)) ? ' />' : `></${name}>`);
    return;
  }
  out.push(open, '>');
  const xhtml = scope.xhtml || attrs?.xmlns === XHTML_NS;
  const inner = depth !== undefined && elementOnly && (!xhtml || XHTML_BLOCKS.has(name)) ? depth + 1 : undefined;
  const separator = inner === undefined ? '' : newline(inner);
  const childScope = defaultNs === scope.defaultNs && xhtml === scope.xhtml ? scope : { ...scope, defaultNs, xhtml };
  for (const child of children) {
    if (child === undefined || child === false) continue;
    if (separator) out.push(separator);
    if (typeof child === 'string') out.push(escapeText(child));
    else if ('cdata' in child) {
      if (child.cdata !== '') out.push('<![CDATA[', child.cdata, ']]>');
    } else if ('hexText' in child) out.push(writeHexText(child.hexText));
    else if (isFragment(child)) out.push(child);
    else writeElement(child, inner, childScope, out);
  }
  if (inner !== undefined) out.push(newline(inner - 1));
  out.push('</', name, '>');
}

/** XHTML void elements (the DOM Parsing spec's list, as xmlbuilder2 has it). */
const XHTML_VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'menuitem', 'meta', 'param', 'source', 'track', 'wbr']);

/** A line break and the indentation of `depth`, made once per depth. */
const newlines: string[] = [];
function newline(depth: number): string {
  return (newlines[depth] ??= `\n${INDENT.repeat(depth)}`);
}

function escapeText(text: string): string {
  if (NOT_XML_CHAR.test(text)) throw new Error('text holds a character XML 1.0 cannot carry');
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

function escapeAttr(value: string): string {
  if (NOT_XML_CHAR.test(value)) throw new Error('an attribute holds a character XML 1.0 cannot carry');
  return /[&<>"]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : value;
}

/**
 * Elements that repeat from one publication to the next (a feed's title, links, image), each
 * serialized once per process and reused while its content is the same: as `serializeFragment`
 * writes them at `depth`, bounded to the last 1,024 distinct elements.
 */
export function reuseElements(nodes: XmlNode[], depth: number, defaultNs?: string): XmlFragment[] {
  return nodes.map((node) => {
    const key = `${depth}\u0000${defaultNs ?? ''}\u0000${JSON.stringify(node)}`;
    let fragment = reused.get(key);
    if (!fragment) {
      if (reused.size >= 1024) reused.clear();
      fragment = serializeFragment(node, depth, defaultNs);
      reused.set(key, fragment);
    }
    return fragment;
  });
}

const reused = new Map<string, XmlFragment>();

/** `root` with an `xmlns:*` declaration for each prefix of `prefixes` used in it (sorted), derived rather than hand-set. */
export function declareNamespaces(root: XmlNode, prefixes: Readonly<Record<string, string>>): XmlNode {
  const used = new Set<string>();
  collectPrefixes(root, used);
  const declared = [...used].filter((p) => prefixes[p]).sort();
  return { ...root, attrs: { ...root.attrs, ...Object.fromEntries(declared.map((p) => [`xmlns:${p}`, prefixes[p]!])) } };
}

/** What a placeholder stands for: text written by hand, a fragment, or a run of fragments (a feed's items). */
type Placed = string | XmlFragment | { run: XmlFragment[]; separator: string };

/**
 * Fragments travel through xmlbuilder2 as comments holding a marker unique to this document (text
 * can never produce `<!--`: the serializer escapes `<`), then take their place in the output, as
 * pieces of their own.
 */
function placeFragments(xml: string, fragments: Placed[]): Chunk[] {
  if (fragments.length === 0) return [xml];
  const parts = xml.split(fragmentMarker);
  const chunks: Chunk[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const end = part.indexOf('-->');
    const placed = fragments[Number(part.slice(0, end))]!;
    if (typeof placed === 'string' || !('run' in placed)) chunks.push(placed);
    else placed.run.forEach((f, k) => (k === 0 ? chunks.push(f) : chunks.push(placed.separator, f)));
    chunks.push(part.slice(end + 3));
  }
  return chunks;
}

type Builder = ReturnType<typeof create>;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** XHTML elements whose element-only content may be indented. */
const XHTML_BLOCKS = new Set(['html', 'head', 'body', 'div', 'blockquote', 'figure', 'ul', 'ol']);
const INDENT = '  ';

/** Comments in our output exist only as fragment placeholders; the marker is new for each process. */
const fragmentMarker = `<!--rojname-fragment-${randomUUID()}-`;
const markerText = fragmentMarker.slice(4);

type Present = Exclude<XmlChild, undefined | false>;

function isFragment(child: Present): child is XmlFragment {
  return typeof child !== 'string' && 'fragment' in child;
}

/** Character data of any form: text, CDATA or hex-escaped text. */
function isText(child: Present): child is string | XmlCdata | XmlHexText {
  return typeof child === 'string' || 'cdata' in child || 'hexText' in child;
}

/** XML 1.0 `Char`: what a document may hold at all (xmlbuilder2 checks its own text; this is ours). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** `&`, `<` and `>` as hexadecimal references; nothing else needs escaping in character data. */
function writeHexText(text: string): string {
  if (NOT_XML_CHAR.test(text)) throw new Error('text holds a character XML 1.0 cannot carry');
  return text.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;');
}

/** `depth` is undefined below an element written as is: whitespace there would be content. */
function append(parent: Builder, node: XmlNode, depth: number | undefined, inXhtml: boolean, fragments: Placed[]): void {
  const attrs: Record<string, string> = {};
  const xmlAttrs: [string, string][] = [];
  for (const [k, v] of Object.entries(node.attrs ?? {})) {
    if (v === undefined) continue;
    if (k.startsWith('xml:')) xmlAttrs.push([k, escapeAmp(String(v))]);
    else attrs[k] = escapeAmp(String(v));
  }
  const element = parent.ele(node.name, attrs);
  // `xml:lang` and friends live in the XML namespace, which xmlbuilder2 wants named explicitly.
  for (const [k, v] of xmlAttrs) element.att(XML_NS, k, v);
  const xhtml = inXhtml || attrs.xmlns === XHTML_NS;
  const children = (node.children ?? []).filter((c): c is Present => c !== undefined && c !== false);
  const elementOnly = children.length > 0 && children.every((c) => !isText(c));
  const inner = depth !== undefined && elementOnly && (!xhtml || XHTML_BLOCKS.has(node.name)) ? depth + 1 : undefined;
  const separator = inner === undefined ? '' : `\n${INDENT.repeat(inner)}`;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (inner !== undefined) element.txt(separator);
    if (typeof child === 'string') element.txt(escapeAmp(child));
    else if ('cdata' in child) element.dat(child.cdata);
    else if ('hexText' in child) {
      // xmlbuilder2 would write `&#x3C;` as `&amp;#x3C;`: the text takes a fragment's way around it.
      element.com(`${markerText}${fragments.length}`);
      fragments.push(writeHexText(child.hexText));
    } else if (isFragment(child)) {
      // A run of fragments (a feed's items) travels as one placeholder: xmlbuilder2 nodes are costly.
      let end = i + 1;
      while (end < children.length && isFragment(children[end]!)) end++;
      const run = children.slice(i, end) as XmlFragment[];
      element.com(`${markerText}${fragments.length}`);
      fragments.push(run.length === 1 ? run[0]! : { run, separator });
      i = end - 1;
    } else append(element, child, inner, xhtml, fragments);
  }
  if (inner !== undefined) element.txt(`\n${INDENT.repeat(inner - 1)}`);
}

function escapeAmp(value: string): string {
  return value.replace(/&/g, '&amp;');
}

/** The namespace prefixes an element and everything in it use (`xml` and `xmlns` aside). */
export function collectPrefixes(node: XmlNode, into: Set<string>): void {
  const prefixOf = (name: string) => (name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined);
  const p = prefixOf(node.name);
  if (p) into.add(p);
  for (const key of Object.keys(node.attrs ?? {})) {
    const ap = prefixOf(key);
    if (ap && ap !== 'xml' && ap !== 'xmlns') into.add(ap);
  }
  for (const child of node.children ?? []) {
    if (!child || isText(child)) continue;
    if (isFragment(child)) child.prefixes.forEach((prefix) => into.add(prefix));
    else collectPrefixes(child, into);
  }
}

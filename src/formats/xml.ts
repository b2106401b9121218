import { randomUUID } from 'node:crypto';
import { create } from 'xmlbuilder2';

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
 * An element this serializer already wrote (`serializeFragment`), reused as it is: a feed item that
 * has not changed since the last publication is neither rebuilt nor serialized again.
 */
export interface XmlFragment {
  readonly fragment: string;
  /** Namespace prefixes used inside, declared on the document's root. */
  readonly prefixes: readonly string[];
}
/** `undefined`/`false` children are skipped, so optional elements read naturally. */
export type XmlChild = XmlNode | XmlCdata | XmlFragment | string | undefined | false;

export function cdata(text: string): XmlCdata {
  if (text.includes(']]>')) throw new Error('CDATA cannot hold "]]>"');
  return { cdata: text };
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
  const used = new Set<string>();
  collectPrefixes(root, used);
  const doc = create();
  const fragments: XmlFragment[] = [];
  append(doc, { ...root, attrs: { ...root.attrs, ...namespaceAttrs(used) } }, 0, false, fragments);
  // The declaration is written by hand so the root starts on its own line.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${placeFragments(doc.end({ headless: true, prettyPrint: false, wellFormed: true }), fragments)}\n`;
}

/**
 * Serializes one element as `serializeXml` writes it at `depth` below the root, for reuse in later
 * documents. `defaultNs` is the default namespace in scope there (Atom's, NewsML-G2's), so the
 * element is written exactly as it is inside the whole document.
 */
export function serializeFragment(node: XmlNode, depth: number, defaultNs?: string): XmlFragment {
  const used = new Set<string>();
  collectPrefixes(node, used);
  const doc = create();
  // A wrapper declares what the document's root would; only its content is kept.
  const wrapper = doc.ele('f', { ...(defaultNs ? { xmlns: defaultNs } : {}), ...namespaceAttrs(used) });
  const fragments: XmlFragment[] = [];
  append(wrapper, node, depth, false, fragments);
  const text = placeFragments(doc.end({ headless: true, prettyPrint: false, wellFormed: true }), fragments);
  return { fragment: text.slice(text.indexOf('>') + 1, text.lastIndexOf('</f>')), prefixes: [...used] };
}

function namespaceAttrs(used: Set<string>): Record<string, string> {
  return Object.fromEntries([...used].filter((p) => NAMESPACES[p]).sort().map((p) => [`xmlns:${p}`, NAMESPACES[p]!]));
}

/**
 * Fragments travel through xmlbuilder2 as comments holding a marker unique to this document (text
 * can never produce `<!--`: the serializer escapes `<`), then take their place in the output.
 */
function placeFragments(xml: string, fragments: XmlFragment[]): string {
  if (fragments.length === 0) return xml;
  const parts = xml.split(fragmentMarker);
  return parts.map((part, i) => (i === 0 ? part : `${fragments[Number(part.slice(0, part.indexOf('-->')))]!.fragment}${part.slice(part.indexOf('-->') + 3)}`)).join('');
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

function isFragment(child: XmlNode | XmlCdata | XmlFragment | string): child is XmlFragment {
  return typeof child !== 'string' && 'fragment' in child;
}

/** `depth` is undefined below an element written as is: whitespace there would be content. */
function append(parent: Builder, node: XmlNode, depth: number | undefined, inXhtml: boolean, fragments: XmlFragment[]): void {
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
  const children = (node.children ?? []).filter((c): c is XmlNode | XmlCdata | XmlFragment | string => c !== undefined && c !== false);
  const elementOnly = children.length > 0 && children.every((c) => typeof c !== 'string' && !('cdata' in c));
  const inner = depth !== undefined && elementOnly && (!xhtml || XHTML_BLOCKS.has(node.name)) ? depth + 1 : undefined;
  for (const child of children) {
    if (inner !== undefined) element.txt(`\n${INDENT.repeat(inner)}`);
    if (typeof child === 'string') element.txt(escapeAmp(child));
    else if ('cdata' in child) element.dat(child.cdata);
    else if (isFragment(child)) {
      element.com(`${markerText}${fragments.length}`);
      fragments.push(child);
    } else append(element, child, inner, xhtml, fragments);
  }
  if (inner !== undefined) element.txt(`\n${INDENT.repeat(inner - 1)}`);
}

function escapeAmp(value: string): string {
  return value.replace(/&/g, '&amp;');
}

function collectPrefixes(node: XmlNode, into: Set<string>): void {
  const prefixOf = (name: string) => (name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined);
  const p = prefixOf(node.name);
  if (p) into.add(p);
  for (const key of Object.keys(node.attrs ?? {})) {
    const ap = prefixOf(key);
    if (ap && ap !== 'xml' && ap !== 'xmlns') into.add(ap);
  }
  for (const child of node.children ?? []) {
    if (!child || typeof child === 'string' || 'cdata' in child) continue;
    if (isFragment(child)) child.prefixes.forEach((prefix) => into.add(prefix));
    else collectPrefixes(child, into);
  }
}

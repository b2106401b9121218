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
/** `undefined`/`false` children are skipped, so optional elements read naturally. */
export type XmlChild = XmlNode | XmlCdata | string | undefined | false;

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
  const nsAttrs = Object.fromEntries(
    [...used].filter((p) => NAMESPACES[p]).sort().map((p) => [`xmlns:${p}`, NAMESPACES[p]!]),
  );
  const doc = create();
  append(doc, { ...root, attrs: { ...root.attrs, ...nsAttrs } }, 0, false);
  // The declaration is written by hand so the root starts on its own line.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doc.end({ headless: true, prettyPrint: false, wellFormed: true })}\n`;
}

type Builder = ReturnType<typeof create>;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** XHTML elements whose element-only content may be indented. */
const XHTML_BLOCKS = new Set(['html', 'head', 'body', 'div', 'blockquote', 'figure', 'ul', 'ol']);
const INDENT = '  ';

/** `depth` is undefined below an element written as is: whitespace there would be content. */
function append(parent: Builder, node: XmlNode, depth: number | undefined, inXhtml: boolean): void {
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
  const children = (node.children ?? []).filter((c): c is XmlNode | XmlCdata | string => c !== undefined && c !== false);
  const elementOnly = children.length > 0 && children.every((c) => typeof c !== 'string' && !('cdata' in c));
  const inner = depth !== undefined && elementOnly && (!xhtml || XHTML_BLOCKS.has(node.name)) ? depth + 1 : undefined;
  for (const child of children) {
    if (inner !== undefined) element.txt(`\n${INDENT.repeat(inner)}`);
    if (typeof child === 'string') element.txt(escapeAmp(child));
    else if ('cdata' in child) element.dat(child.cdata);
    else append(element, child, inner, xhtml);
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
  for (const child of node.children ?? []) if (child && typeof child !== 'string' && !('cdata' in child)) collectPrefixes(child, into);
}

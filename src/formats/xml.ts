import { create } from 'xmlbuilder2';

/** An XML element as renderers build it: a tree in the spec's element order, serialized once. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: XmlChild[];
}
/** `undefined`/`false` children are skipped, so optional elements read naturally. */
export type XmlChild = XmlNode | string | undefined | false;

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
 * Serializes a tree as UTF-8 XML 1.0.
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
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  append(doc, { ...root, attrs: { ...root.attrs, ...nsAttrs } });
  return `${doc.end({ prettyPrint: true, wellFormed: true })}\n`;
}

type Builder = ReturnType<typeof create>;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function append(parent: Builder, node: XmlNode): void {
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
  for (const child of node.children ?? []) {
    if (child === undefined || child === false) continue;
    if (typeof child === 'string') element.txt(escapeAmp(child));
    else append(element, child);
  }
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
  for (const child of node.children ?? []) if (child && typeof child !== 'string') collectPrefixes(child, into);
}

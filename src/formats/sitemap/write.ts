import type { XmlNode } from '../xml.js';

/** The namespaces a sitemap may use besides its own (the document's default), by prefix. */
export const SITEMAP_NAMESPACES: Record<string, string> = {
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
  xhtml: 'http://www.w3.org/1999/xhtml',
};

/** `root` with an `xmlns:*` declaration for each prefix used in it, derived rather than hand-set. */
export function withNamespaces(root: XmlNode): XmlNode {
  const used = new Set<string>();
  collectPrefixes(root, used);
  const declared = [...used].filter((p) => SITEMAP_NAMESPACES[p]).sort();
  return { ...root, attrs: { ...root.attrs, ...Object.fromEntries(declared.map((p) => [`xmlns:${p}`, SITEMAP_NAMESPACES[p]!])) } };
}

const INDENT = '  ';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/**
 * XHTML void elements: xmlbuilder2 writes an empty one as `<link … />` (the DOM Parsing spec's XML
 * serialization, for elements in the XHTML namespace), and an empty non-void one with an end tag.
 */
const XHTML_VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** XML 1.0 `Char`: what a document may hold at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Writes an element-and-text tree (`el(...)`, no CDATA or fragments) exactly as `serializeXml`
 * does (same declaration, indentation and escaping; a test holds the two to the same bytes), with
 * the namespace declarations `withNamespaces` derives. Sitemaps are that simple, and large: a
 * 50,000-URL file is 300,000 elements, which xmlbuilder2 takes about twelve seconds to write and
 * this about a tenth of a second.
 */
export function writeXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeNode(withNamespaces(root), 0, out);
  out.push('\n');
  return out.join('');
}

/** `depth` is undefined inside text-bearing content, where whitespace would be content. */
function writeNode(node: XmlNode, depth: number | undefined, out: string[]): void {
  let open = `<${node.name}`;
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (value !== undefined) open += ` ${key}="${escapeAttr(String(value))}"`;
  }
  const children = (node.children ?? []).filter((c) => c !== undefined && c !== false);
  if (children.length === 0) {
    const colon = node.name.indexOf(':');
    if (colon < 0 || SITEMAP_NAMESPACES[node.name.slice(0, colon)] !== XHTML_NS) out.push(`${open}/>`);
    else out.push(XHTML_VOID.has(node.name.slice(colon + 1)) ? `${open} />` : `${open}></${node.name}>`);
    return;
  }
  out.push(`${open}>`);
  const elementOnly = children.every((c) => typeof c !== 'string');
  const inner = depth !== undefined && elementOnly ? depth + 1 : undefined;
  for (const child of children) {
    if (inner !== undefined) out.push(`\n${INDENT.repeat(inner)}`);
    if (typeof child === 'string') out.push(escapeText(child));
    else if ('name' in child) writeNode(child, inner, out);
    else throw new Error('writeXml writes elements and text only');
  }
  if (inner !== undefined) out.push(`\n${INDENT.repeat(inner - 1)}`);
  out.push(`</${node.name}>`);
}

function escapeText(text: string): string {
  if (NOT_XML_CHAR.test(text)) throw new Error('text holds a character XML 1.0 cannot carry');
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(value: string): string {
  if (NOT_XML_CHAR.test(value)) throw new Error('an attribute holds a character XML 1.0 cannot carry');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function collectPrefixes(node: XmlNode, into: Set<string>): void {
  const prefixOf = (name: string) => (name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined);
  const p = prefixOf(node.name);
  if (p) into.add(p);
  for (const key of Object.keys(node.attrs ?? {})) {
    const ap = prefixOf(key);
    if (ap && ap !== 'xml' && ap !== 'xmlns') into.add(ap);
  }
  for (const child of node.children ?? []) if (child && typeof child !== 'string' && 'name' in child) collectPrefixes(child, into);
}

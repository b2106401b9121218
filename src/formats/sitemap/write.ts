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
 * this about one.
 */
export function writeXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeNode(withNamespaces(root), 0, out);
  out.push('\n');
  return out.join('');
}

/** `depth` is undefined inside text-bearing content, where whitespace would be content. */
function writeNode(node: XmlNode, depth: number | undefined, out: string[]): void {
  out.push('<', node.name);
  const attrs = node.attrs;
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value !== undefined) out.push(' ', key, '="', escapeAttr(String(value)), '"');
    }
  }
  const children = node.children ?? [];
  let present = 0;
  let elementOnly = true;
  for (const c of children) {
    if (c === undefined || c === false) continue;
    present++;
    if (typeof c === 'string') elementOnly = false;
    else if (!('name' in c)) throw new Error('writeXml writes elements and text only');
  }
  if (present === 0) {
    const colon = node.name.indexOf(':');
    if (colon < 0 || SITEMAP_NAMESPACES[node.name.slice(0, colon)] !== XHTML_NS) out.push('/>');
    else out.push(XHTML_VOID.has(node.name.slice(colon + 1)) ? ' />' : `></${node.name}>`);
    return;
  }
  out.push('>');
  const inner = depth !== undefined && elementOnly ? depth + 1 : undefined;
  const separator = inner === undefined ? '' : newline(inner);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    if (separator) out.push(separator);
    if (typeof child === 'string') out.push(escapeText(child));
    else writeNode(child as XmlNode, inner, out);
  }
  if (inner !== undefined) out.push(newline(inner - 1));
  out.push('</', node.name, '>');
}

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

function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':');
  return colon < 0 ? undefined : name.slice(0, colon);
}

function collectPrefixes(node: XmlNode, into: Set<string>): void {
  const p = prefixOf(node.name);
  if (p) into.add(p);
  for (const key of Object.keys(node.attrs ?? {})) {
    const ap = prefixOf(key);
    if (ap && ap !== 'xml' && ap !== 'xmlns') into.add(ap);
  }
  for (const child of node.children ?? []) if (child && typeof child !== 'string' && 'name' in child) collectPrefixes(child, into);
}

import type { Chunk } from '../chunks.js';
import { el, serializeFragment, serializeXml, writeDocument, type XmlFragment, type XmlNode } from '../xml.js';
import type { NewsMl } from './types.js';

/** The NewsML-G2 (NAR) namespace, the default namespace of every document we write. */
export const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const textEl = (name: string, t: NewsMl.Text, attrs: XmlNode['attrs'] = {}) => el(name, { ...attrs, 'xml:lang': t['xml:lang'], dir: t.dir }, t.value);
const partyEl = (name: string, p: NewsMl.Party) => el(name, { uri: p.uri, roleuri: p.roleuri }, textEl('name', p.name));
const conceptEl = (name: string, c: NewsMl.Concept) => el(name, { type: c.type, qcode: c.qcode }, c.name && textEl('name', c.name));
const qcodeEl = (name: string, q: NewsMl.QCodeProp) => el(name, { qcode: q.qcode });
const dateEl = (name: string, value: string | undefined) => value !== undefined && el(name, undefined, value);

function rootAttrs(item: NewsMl.ItemRoot, xmlns: boolean): XmlNode['attrs'] {
  const { guid, version, standard, standardversion, conformance, dir } = item;
  return { ...(xmlns ? { xmlns: NAR_NS } : {}), guid, version, standard, standardversion, conformance, 'xml:lang': item['xml:lang'], dir };
}

/** XSD ItemMetadataType order: itemClass, provider, versionCreated, firstCreated, embargoed, pubStatus, … edNote, … signal, … link. */
function itemMetaEl(m: NewsMl.ItemMeta): XmlNode {
  return el(
    'itemMeta',
    undefined,
    qcodeEl('itemClass', m.itemClass),
    partyEl('provider', m.provider),
    el('versionCreated', undefined, m.versionCreated),
    dateEl('firstCreated', m.firstCreated),
    dateEl('embargoed', m.embargoed),
    qcodeEl('pubStatus', m.pubStatus),
    ...m.edNote.map((n) => textEl('edNote', n)),
    ...m.signal.map((s) => qcodeEl('signal', s)),
    ...m.link.map((l) => el('link', { rel: l.rel, residref: l.residref, version: l.version, contenttype: l.contenttype })),
  );
}

/** XSD ContentMetadataAfDType: contentCreated, then administrative properties, then descriptive ones. */
function contentMetaEl(c: NewsMl.ContentMeta): XmlNode {
  const { located } = c;
  return el(
    'contentMeta',
    undefined,
    el('contentCreated', undefined, c.contentCreated),
    el('located', { type: located.type, qcode: located.qcode }, located.name && textEl('name', located.name), conceptEl('broader', located.broader)),
    ...c.creator.map((p) => partyEl('creator', p)),
    ...c.contributor.map((p) => partyEl('contributor', p)),
    el('language', { tag: c.language.tag }),
    ...c.subject.map((s) => conceptEl('subject', s)),
    c.slugline && textEl('slugline', c.slugline),
    textEl('headline', c.headline),
    c.dateline && textEl('dateline', c.dateline),
    c.by && textEl('by', c.by),
    ...c.creditline.map((t) => textEl('creditline', t)),
    ...c.description.map((d) => textEl('description', d, { role: d.role })),
  );
}

/** A text block holds its text and nothing else; a quote holds text blocks. */
function xhtmlEl(block: NewsMl.XhtmlBlock): XmlNode {
  return block.name === 'blockquote' ? el('blockquote', { dir: block.dir }, ...block.blocks.map(xhtmlEl)) : el(block.name, { dir: block.dir }, block.text);
}

function inlineXmlEl(x: NewsMl.InlineXml): XmlNode {
  const { html } = x;
  return el(
    'inlineXML',
    { contenttype: x.contenttype, wordcount: x.wordcount, charcount: x.charcount, 'xml:lang': x['xml:lang'], dir: x.dir },
    el(
      'html',
      { xmlns: XHTML_NS, 'xml:lang': html['xml:lang'], lang: html.lang, dir: html.dir },
      el('head', undefined, el('title', undefined, html.title)),
      el('body', undefined, ...html.body.map(xhtmlEl)),
    ),
  );
}

/** XSD newsItem order: catalogRef, rightsInfo, itemMeta, contentMeta, contentSet. */
function newsItemEl(item: NewsMl.NewsItem, xmlns: boolean): XmlNode {
  return el(
    'newsItem',
    rootAttrs(item, xmlns),
    ...item.catalogRef.map((c) => el('catalogRef', { href: c.href })),
    ...item.rightsInfo.map((r) => el('rightsInfo', undefined, partyEl('copyrightHolder', r.copyrightHolder), ...r.copyrightNotice.map((n) => textEl('copyrightNotice', n)))),
    itemMetaEl(item.itemMeta),
    contentMetaEl(item.contentMeta),
    item.contentSet && el('contentSet', undefined, inlineXmlEl(item.contentSet.inlineXML)),
  );
}

function itemRefEl(r: NewsMl.ItemRef): XmlNode {
  return el(
    'itemRef',
    { residref: r.residref, version: r.version, contenttype: r.contenttype },
    qcodeEl('itemClass', r.itemClass),
    partyEl('provider', r.provider),
    qcodeEl('pubStatus', r.pubStatus),
    textEl('title', r.title),
    textEl('headline', r.headline),
    el('language', { tag: r.language.tag }),
  );
}

/** Pure: a newsItem document. */
export function serializeNewsItem(item: NewsMl.NewsItem): string {
  return serializeXml(newsItemEl(item, true));
}

/** Pure: a packageItem document (XSD order: catalogRef, itemMeta, contentMeta, groupSet). */
export function serializePackageItem(pkg: NewsMl.PackageItem): string {
  return serializeXml(
    el(
      'packageItem',
      rootAttrs(pkg, true),
      ...pkg.catalogRef.map((c) => el('catalogRef', { href: c.href })),
      itemMetaEl(pkg.itemMeta),
      el('contentMeta', undefined, el('language', { tag: pkg.contentMeta.language.tag }), textEl('headline', pkg.contentMeta.headline)),
      el(
        'groupSet',
        { root: pkg.groupSet.root },
        ...pkg.groupSet.group.map((g) => el('group', { id: g.id, role: g.role, mode: g.mode }, ...g.itemRef.map(itemRefEl))),
      ),
    ),
  );
}

/** A newsItem as it sits in a newsMessage: newsMessage › itemSet › newsItem, in the NAR namespace. */
export function serializeMessageItem(item: NewsMl.NewsItem): XmlFragment {
  return serializeFragment(newsItemEl(item, false), 2, NAR_NS);
}

/** Pure: a newsMessage document (XSD header order: sent, sender, transmitId), items as serialized pieces. */
export function serializeNewsMessage(msg: NewsMl.NewsMessage, pieces: XmlFragment[]): Chunk[] {
  const { header } = msg;
  return writeDocument(
    el(
      'newsMessage',
      { xmlns: NAR_NS },
      el('header', undefined, el('sent', undefined, header.sent), el('sender', undefined, header.sender), el('transmitId', undefined, header.transmitId)),
      el('itemSet', undefined, ...pieces),
    ),
  );
}

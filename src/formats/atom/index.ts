import type { LocalizedFeed, LocalizedItem } from '../../i18n/localize.js';
import { MEDIATOPIC_SCHEME } from '../../i18n/localize.js';
import { escapeHtml, looksLikeMarkup, renderBodyHtml } from '../body.js';
import { toRfc3339 } from '../dates.js';
import { defineItemizedFormat } from '../format.js';
import type { Chunk } from '../chunks.js';
import { el, hexText, reuseElements, serializeFragment, writeDocument, type XmlFragment, type XmlNode } from '../xml.js';
import { atomEntrySchema, atomSchema, checkAtomRules } from './schema.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** RFC 5005 (Feed Paging and Archiving). */
export const HISTORY_NS = 'http://purl.org/syndication/history/1.0';
/** RFC 6721 (The Atom "deleted-entry" Element). */
export const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';
import type { Atom } from './types.js';

/*
 * Written to xmlbuilder2's bytes (src/formats/xml.ts), not with the `feed` package: feed 6 cannot
 * write `xml:lang` on the feed, `hreflang` alternates per entry, contributors or category labels,
 * which readers need here.
 */

/** Pure: the Atom document for one language's feed, around its entries' documents. */
export function buildAtom(feed: LocalizedFeed, entries: Atom.Entry[] = feed.items.map(buildEntry)): Atom.Feed {
  return {
    lang: feed.language.feedTag,
    id: feed.tagUri,
    title: { type: 'text', value: feed.title },
    subtitle: { type: 'text', value: feed.description },
    updated: toRfc3339(feed.updated),
    link: [
      { href: feed.urls.atom, rel: 'self', type: 'application/atom+xml' },
      { href: feed.urls.languageHome, rel: 'alternate', type: 'text/html', hreflang: feed.language.feedTag },
      ...feed.hubs.map((href) => ({ href, rel: 'hub' as const })),
      ...historyLinks(feed),
    ],
    icon: feed.logo.url,
    rights: { type: 'text', value: feed.rights },
    author: [{ name: feed.logo.title, uri: feed.urls.home }],
    archive: feed.history?.archive ?? false,
    deletedEntry: feed.tombstones.map((t) => ({ ref: t.ref, when: toRfc3339(t.when), link: t.url, comment: { lang: feed.language.feedTag, value: t.comment } })),
    entry: entries,
  };
}

/** RFC 5005 §4 links: `current`, `prev-archive`, `next-archive`, as far as there are such documents. */
function historyLinks(feed: LocalizedFeed): Atom.Link[] {
  const h = feed.history;
  if (!h) return [];
  const type = 'application/atom+xml';
  return [
    ...(h.current ? [{ href: h.current.atom, rel: 'current' as const, type }] : []),
    ...(h.prev ? [{ href: h.prev.atom, rel: 'prev-archive' as const, type }] : []),
    ...(h.next ? [{ href: h.next.atom, rel: 'next-archive' as const, type }] : []),
  ];
}

/*
 * One `rel="alternate"` per entry: its own page, in its own language. The other language versions
 * are `rel="related"` with `hreflang` and the language's endonym as `title`. Tried with real readers
 * (test/readers/, README "Feed readers"): with every translation an alternate, feedparser and
 * newsboat open the last alternate and rss-parser the first, so no order of alternates is right for
 * all three (and RFC 4287 §4.1.1 allows only one alternate per type and hreflang, so the own link
 * cannot be repeated); a link without `rel` counts as an alternate (§4.2.7.2). All three ignore
 * `related` when choosing the entry's link and keep it, with its `hreflang`, in the entry's links.
 */
function buildEntry(item: LocalizedItem): Atom.Entry {
  return {
    // RFC 4287 §4.2.6: the id never changes, whatever happens to URLs or content.
    id: item.tagUri,
    // Always `type="text"`: rss-parser shows an Atom title as its XML text, so `type="html"`
    // reached it escaped (`&lt;b&gt;`); feedparser and newsboat show `text` exactly too.
    title: { type: 'text', value: item.headline },
    updated: toRfc3339(item.updated),
    published: toRfc3339(item.published),
    link: [
      { href: item.url, rel: 'alternate', type: 'text/html', hreflang: item.language.feedTag },
      ...item.alternates.map((a) => ({ href: a.url, rel: 'related' as const, type: 'text/html', hreflang: a.language.feedTag, title: a.language.endonym })),
    ],
    // The one author rule (`LocalizedItem.creators`): the byline, else the provider with its URI.
    author: item.creators.map((c) => ({ name: c.name, ...(c.uri !== undefined ? { uri: c.uri } : {}) })),
    contributor: item.contributors.filter((c) => c.role !== 'author').map((c) => ({ name: c.name })),
    category: item.subjects.map((s) => ({ term: s.code, scheme: MEDIATOPIC_SCHEME, label: s.label })),
    summary: textConstruct(item.summary),
    content: { type: 'html', value: renderBodyHtml(item) },
    rights: { type: 'text', value: item.rights },
  };
}

/**
 * RFC 4287 §3.1, for the summary: plain text, unless it looks like markup; then it travels as
 * escaped HTML (`type="html"`), which readers render as the same text.
 */
function textConstruct(value: string): Atom.Text {
  return looksLikeMarkup(value) ? { type: 'html', value: escapeHtml(value) } : { type: 'text', value };
}

// `type="text"` is written as the RSS title is (`hexText`): an XML parser reads the same text.
const textEl = (name: string, t: Atom.Text) => el(name, { type: t.type }, t.type === 'text' ? hexText(t.value) : t.value);
const linkEl = (l: Atom.Link) => el('link', { href: l.href, rel: l.rel, type: l.type, hreflang: l.hreflang, title: l.title });
const personEl = (name: string, p: Atom.Person): XmlNode => el(name, undefined, el('name', undefined, p.name), p.uri !== undefined && el('uri', undefined, p.uri));

/** Pure: the document's XML (entries as serialized pieces). */
function serializeAtom(feed: Atom.Feed, pieces: XmlFragment[]): Chunk[] {
  return writeDocument(
    el(
      'feed',
      {
        xmlns: ATOM_NS,
        ...(feed.archive ? { 'xmlns:fh': HISTORY_NS } : {}),
        ...(feed.deletedEntry.length > 0 ? { 'xmlns:at': TOMBSTONES_NS } : {}),
        'xml:lang': feed.lang,
      },
      // The feed's elements other than `updated` are the same from one publication to the next.
      ...reuseElements([el('id', undefined, feed.id), textEl('title', feed.title), textEl('subtitle', feed.subtitle)], 1, ATOM_NS),
      el('updated', undefined, feed.updated),
      ...reuseElements([...feed.link.map(linkEl), el('icon', undefined, feed.icon), textEl('rights', feed.rights), ...feed.author.map((a) => personEl('author', a))], 1, ATOM_NS),
      // Extension elements before the entries, as RFC 4287's grammar has them.
      feed.archive && el('fh:archive'),
      ...feed.deletedEntry.map(deletedEntryEl),
      ...pieces,
    ),
  );
}

/** `<at:deleted-entry ref when><link rel="alternate"/><at:comment xml:lang/></at:deleted-entry>` */
function deletedEntryEl(d: Atom.DeletedEntry): XmlNode {
  return el(
    'at:deleted-entry',
    { ref: d.ref, when: d.when },
    el('link', { rel: 'alternate', type: 'text/html', href: d.link }),
    el('at:comment', { 'xml:lang': d.comment.lang }, d.comment.value),
  );
}

function entryEl(e: Atom.Entry): XmlNode {
  return el(
    'entry',
    undefined,
    el('id', undefined, e.id),
    textEl('title', e.title),
    el('updated', undefined, e.updated),
    el('published', undefined, e.published),
    ...e.link.map(linkEl),
    ...e.author.map((a) => personEl('author', a)),
    ...e.contributor.map((c) => personEl('contributor', c)),
    ...e.category.map((c) => el('category', { term: c.term, scheme: c.scheme, label: c.label })),
    textEl('summary', e.summary),
    textEl('content', e.content),
    textEl('rights', e.rights),
  );
}

/** An entry as it sits in the document: feed › entry, in the Atom namespace. */
function serializeEntry(e: Atom.Entry): XmlFragment {
  return serializeFragment(entryEl(e), 1, ATOM_NS);
}

export const atomFormat = defineItemizedFormat<LocalizedFeed, Atom.Feed, LocalizedItem, Atom.Entry, XmlFragment>({
  id: 'atom',
  mediaType: 'application/atom+xml',
  file: 'atom.xml',
  schema: atomSchema,
  item: { pointer: '/entry', schema: atomEntrySchema, of: (feed) => feed.items, key: (item) => item.key, build: buildEntry, serialize: serializeEntry },
  build: buildAtom,
  serialize: serializeAtom,
  extraRules: checkAtomRules,
});

import type { LocalizedFeed, LocalizedItem } from '../../i18n/localize.js';
import { MEDIATOPIC_SCHEME } from '../../i18n/localize.js';
import { escapeHtml, looksLikeMarkup, renderBodyHtml } from '../body.js';
import { toRfc3339 } from '../dates.js';
import { defineItemizedFormat } from '../format.js';
import { el, serializeFragment, serializeXml, type XmlFragment, type XmlNode } from '../xml.js';
import { atomEntrySchema, atomSchema, checkAtomRules } from './schema.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
import type { Atom } from './types.js';

/*
 * Built with xmlbuilder2, not the `feed` package: feed 6 cannot write `xml:lang` on the feed,
 * `hreflang` alternates per entry, contributors or category labels, which readers need here.
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
    ],
    icon: feed.logo.url,
    rights: { type: 'text', value: feed.rights },
    author: [{ name: feed.logo.title, uri: feed.urls.home }],
    entry: entries,
  };
}

function buildEntry(item: LocalizedItem): Atom.Entry {
  return {
    // RFC 4287 §4.2.6: the id never changes, whatever happens to URLs or content.
    id: item.tagUri,
    title: textConstruct(item.headline),
    updated: toRfc3339(item.updated),
    published: toRfc3339(item.published),
    link: [
      { href: item.url, rel: 'alternate', type: 'text/html', hreflang: item.language.feedTag },
      ...item.alternates.map((a) => ({ href: a.url, rel: 'alternate' as const, type: 'text/html', hreflang: a.language.feedTag, title: a.language.endonym })),
    ],
    // Wire copy without a byline is the agency's work: the provider is then the author.
    author: item.authors.length > 0 ? item.authors.map((name) => ({ name })) : [{ name: item.provider.name, uri: item.provider.uri }],
    contributor: item.contributors.filter((c) => c.role !== 'author').map((c) => ({ name: c.name })),
    category: item.subjects.map((s) => ({ term: s.code, scheme: MEDIATOPIC_SCHEME, label: s.label })),
    summary: textConstruct(item.summary),
    content: { type: 'html', value: renderBodyHtml(item) },
    rights: { type: 'text', value: item.rights },
  };
}

/**
 * RFC 4287 §3.1: plain text, unless it looks like markup; then it travels as escaped HTML
 * (`type="html"`), which every reader shows as the same text and no validator mistakes for tags.
 */
function textConstruct(value: string): Atom.Text {
  return looksLikeMarkup(value) ? { type: 'html', value: escapeHtml(value) } : { type: 'text', value };
}

const textEl = (name: string, t: Atom.Text) => el(name, { type: t.type }, t.value);
const linkEl = (l: Atom.Link) => el('link', { href: l.href, rel: l.rel, type: l.type, hreflang: l.hreflang, title: l.title });
const personEl = (name: string, p: Atom.Person): XmlNode => el(name, undefined, el('name', undefined, p.name), p.uri !== undefined && el('uri', undefined, p.uri));

/** Pure: the document's XML (entries as serialized pieces). */
export function serializeAtom(feed: Atom.Feed, pieces: XmlFragment[] = feed.entry.map(serializeEntry)): string {
  return serializeXml(
    el(
      'feed',
      { xmlns: ATOM_NS, 'xml:lang': feed.lang },
      el('id', undefined, feed.id),
      textEl('title', feed.title),
      textEl('subtitle', feed.subtitle),
      el('updated', undefined, feed.updated),
      ...feed.link.map(linkEl),
      el('icon', undefined, feed.icon),
      textEl('rights', feed.rights),
      ...feed.author.map((a) => personEl('author', a)),
      ...pieces,
    ),
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

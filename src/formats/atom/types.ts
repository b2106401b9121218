/** Atom 1.0 (RFC 4287), in the RFC's terms: only what rojname writes. */
export namespace Atom {
  export interface Feed {
    /** `xml:lang` (RFC 4287 §2): an ISO 639 based tag the W3C validator accepts. */
    lang: string;
    id: string;
    title: Text;
    subtitle: Text;
    /** RFC 3339 */
    updated: string;
    link: Link[];
    icon: string;
    rights: Text;
    author: Person[];
    /** RFC 5005 §4: `<fh:archive/>`, this document is an archive of the feed. */
    archive: boolean;
    /** RFC 6721 tombstones (`at:deleted-entry`), written before the entries. */
    deletedEntry: DeletedEntry[];
    entry: Entry[];
  }
  /** RFC 6721 §2: a deleted entry's id (`ref`), when, a link to where it was, and a comment. */
  export interface DeletedEntry {
    ref: string;
    /** RFC 3339 */
    when: string;
    link: string;
    comment: { lang: string; value: string };
  }
  export interface Entry {
    id: string;
    title: Text;
    updated: string;
    published: string;
    link: Link[];
    author: Person[];
    contributor: Person[];
    category: Category[];
    summary: Text;
    content: Text;
    rights: Text;
  }
  export interface Text {
    type: 'text' | 'html';
    value: string;
  }
  export interface Link {
    href: string;
    rel: 'self' | 'alternate' | 'related' | 'hub' | 'current' | 'prev-archive' | 'next-archive';
    /** Absent on `hub` links (a hub is not a document of one type). */
    type?: string;
    hreflang?: string;
    title?: string;
  }
  export interface Person {
    name: string;
    uri?: string;
  }
  export interface Category {
    term: string;
    scheme: string;
    label: string;
  }
}

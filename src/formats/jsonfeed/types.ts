import type { Direction } from '../../i18n/languages.js';

/** The `version` of every feed we write: JSON Feed 1.1. */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * JSON Feed 1.1 wire types (https://jsonfeed.org/version/1.1) in the spec's own names, as rojname
 * emits them. Where the spec makes a member optional but we always send it (`language`, `url`,
 * the dates), the type makes it required, so a build that forgets one fails to compile; `schema.ts`
 * checks the same at run time. Deprecated 1.0 members (`author`) and ones we have no use for
 * (`expired`, `user_comment`, `external_url`, `banner_image`) are left out.
 */
export namespace JsonFeed {
  export interface Feed {
    /** Spec: the URL of the version of the format; "should appear at the very top". */
    version: typeof JSON_FEED_VERSION;
    title: string;
    /** Spec: "should be considered as required" for feeds on the public web. */
    home_page_url: string;
    /** The feed's own URL and its unique identifier. */
    feed_url: string;
    description: string;
    /** Pagination. Spec: "must not be the same as feed_url". */
    next_url?: string;
    /** Square, "relatively large" image for timelines. */
    icon: string;
    /** Square, small (at least 64 × 64) image for source lists. */
    favicon: string;
    /** Spec: also the authors of every item that has none of its own. */
    authors: Author[];
    /** RFC 5646 tag: the BCP 47 tag (`ckb`), never the RSS/Atom `feedTag` (`ku-Arab`). */
    language: string;
    /** Spec: "endpoints that can be used to subscribe to real-time notifications"; WebSub hubs. */
    hubs?: Hub[];
    _rojname: FeedExtension;
    items: Item[];
  }

  export interface Hub {
    type: 'WebSub';
    url: string;
  }

  interface ItemFields {
    /** Spec: unique for the item in this feed "over time"; unchanged when the item is updated. */
    id: string;
    /** The permalink. */
    url: string;
    /** Plain text. */
    title: string;
    /** Plain text: "a sentence or two describing the item". */
    summary: string;
    /** URL of the main image; a hint that the same image in `content_html` is the featured one. */
    image?: string;
    /** RFC 3339. */
    date_published: string;
    /** RFC 3339. */
    date_modified: string;
    authors?: Author[];
    /** Plain text, any values. */
    tags?: string[];
    /** RFC 5646 tag of this item. */
    language: string;
    attachments?: Attachment[];
    _rojname: ItemExtension;
  }

  /** Spec: "content_html and content_text are each optional strings — but one or both must be present". */
  export type Item = ItemFields & ({ content_html: string; content_text?: string } | { content_html?: string; content_text: string });

  /**
   * Spec: every member is optional, but an author object needs at least one. We always know a
   * name, so `name` is required here.
   */
  export interface Author {
    name: string;
    url?: string;
    avatar?: string;
  }

  /** Spec: "related resources. Podcasts, for instance, would include an attachment that's an audio or video file". */
  export interface Attachment {
    url: string;
    mime_type: string;
    /** Attachments with the same title are alternate representations of one thing. */
    title?: string;
    size_in_bytes?: number;
    duration_in_seconds?: number;
  }

  /**
   * Our extension (spec, Extensions: a name starting with `_` then a letter; readers that do not
   * know it must ignore it). JSON Feed has no writing direction, and `title`/`summary` are plain
   * text, so without it a reader cannot lay out a right-to-left title.
   */
  export interface FeedExtension {
    direction: Direction;
  }

  export interface ItemExtension {
    direction: Direction;
    /** The same story in our other languages, like Atom's `link rel="alternate" hreflang`. */
    alternates: Alternate[];
  }

  export interface Alternate {
    /** BCP 47 tag. */
    language: string;
    url: string;
  }
}

/** RSS 2.0 (https://www.rssboard.org/rss-specification) plus the modules we write, in the spec's terms. */
export namespace Rss {
  export interface Document {
    version: '2.0';
    channel: Channel;
  }
  export interface Channel {
    title: string;
    link: string;
    description: string;
    /** RSS `<language>`: an ISO 639 based tag the W3C validator accepts (`ku-Arab`, not `ckb`). */
    language: string;
    copyright: string;
    /** RFC 822 */
    lastBuildDate: string;
    /** Minutes a reader may cache the feed. */
    ttl: number;
    /** `atom:link rel="self"`: where this feed lives. */
    atomSelf: string;
    /** `atom:link rel="hub"`: the WebSub hubs that push this feed (W3C WebSub §4). */
    atomHubs: string[];
    image: Image;
    items: Item[];
  }
  export interface Image {
    url: string;
    title: string;
    link: string;
    width: number;
    height: number;
  }
  export interface Item {
    /** The headline as plain text, exactly as readers should show it. */
    title: string;
    link: string;
    /** Plain-text summary (escaped once, as RSS readers treat it as HTML). */
    description: string;
    /** `content:encoded`: the full body as HTML. */
    contentEncoded: string;
    /** `dc:creator`: the story's creators (the byline, else the provider); RSS `<author>` must be an e-mail address. */
    dcCreator: string[];
    category: Category[];
    guid: Guid;
    /** RFC 822 */
    pubDate: string;
    mediaContent?: MediaContent;
    /** Media RSS `media:thumbnail`: the picture readers show beside the item. */
    mediaThumbnail?: { url: string; width: number; height: number };
    /** RSS 2.0 `enclosure`: the picture, with its true length in bytes (only when known). */
    enclosure?: { url: string; length: number; type: string };
  }
  export interface Category {
    domain: string;
    value: string;
  }
  export interface Guid {
    value: string;
    /** True only when `value` is the item's permanent URL. */
    isPermaLink: boolean;
  }
  /** Media RSS `media:content` (https://www.rssboard.org/media-rss). */
  export interface MediaContent {
    url: string;
    type: string;
    medium: 'image';
    width: number;
    height: number;
    credit: string;
    description?: string;
  }
}

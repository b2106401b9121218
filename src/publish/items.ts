import type { PartCache } from '../formats/format.js';
import { localizeItem, storyKey, type LocalizeContext, type LocalizedItem } from '../i18n/localize.js';
import type { StoryVersion } from '../store/store.js';

/**
 * The localized items of everything the publisher holds (language sets, monthly archives, topic
 * feeds), by story key: a language version at an item version is localized once, whichever output
 * shows it first. Each holder registers the part caches it keeps; an item goes when no holder's
 * cache holds its parts any more.
 */
export class LocalizedItems {
  readonly #items = new Map<string, LocalizedItem>();
  readonly #holders: (() => Iterable<PartCache>)[] = [];

  constructor(private readonly ctx: LocalizeContext) {}

  /** A holder's part caches, read each time items are forgotten. */
  hold(caches: () => Iterable<PartCache>): void {
    this.#holders.push(caches);
  }

  has(version: StoryVersion): boolean {
    return this.#items.has(storyKey(version));
  }

  get(version: StoryVersion): LocalizedItem {
    const key = storyKey(version);
    let item = this.#items.get(key);
    if (!item) this.#items.set(key, (item = localizeItem(version, this.ctx)));
    return item;
  }

  /** Keeps only the items some holder's parts still use. */
  forget(): void {
    const used = new Set<string>();
    for (const caches of this.#holders) for (const cache of caches()) for (const key of cache.keys()) used.add(key);
    for (const key of this.#items.keys()) if (!used.has(key)) this.#items.delete(key);
  }

  /** Every item again from the current context (the translations changed). */
  clear(): void {
    this.#items.clear();
  }
}

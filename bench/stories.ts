import type { ArticleStore } from '../src/store/store.js';

export const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';

/**
 * Adds `count` copies of the sample story (`bench-0`, `bench-1`, …), published a minute apart before
 * `now`, the newest last, so a store of any size holds realistic stories. The sample must be stored.
 */
export async function addStoryCopies(store: ArticleStore, count: number, now: Date): Promise<void> {
  const template = await store.get(SAMPLE_ID);
  if (!template) throw new Error(`addStoryCopies: the sample story "${SAMPLE_ID}" is not in the store`);
  for (let i = 0; i < count; i++) {
    await store.create({ ...template, id: `bench-${i}`, published: new Date(now.getTime() - (count - i) * 60_000).toISOString() });
  }
}

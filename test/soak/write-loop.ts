/**
 * A process that writes as fast as it can, for crash.test.ts to kill: it updates one story over
 * and over (and creates one now and then), and prints `ack ID VERSION MARKER` once each write has
 * returned. Almost all its time is spent inside write transactions, so a kill lands inside one.
 */
import { openRuntime } from '../../src/runtime.js';
import { soakStory } from './clients.js';

const [path, prefix] = process.argv.slice(2) as [string, string];
const { store } = openRuntime(path);
const id = `${prefix}-loop`;
if (!(await store.get(id))) await store.create(soakStory(id, '2026-03-01T00:00:00Z'));
const ack = (a: { id: string; version: number }, marker: string) => process.stdout.write(`ack ${a.id} ${a.version} ${marker}\n`);
for (let n = 0; ; n++) {
  const current = (await store.get(id))!;
  const marker = `${prefix}-${n}`;
  const next = { ...current, localizations: { ...current.localizations, en: { ...current.localizations.en!, headline: marker }, ar: { ...current.localizations.ar!, headline: `${marker} ar` } } };
  ack(await store.update(id, next, current.version), marker);
  if (n % 5 === 0) ack(await store.create(soakStory(`${prefix}-new-${n}`, '2026-03-02T00:00:00Z', `${prefix}-new-${n}`)), `${prefix}-new-${n}`);
}

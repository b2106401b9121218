import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { checkStatusFilter, listTranslations, type TranslationItem, type TranslationStatus } from '../desk/translations.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import { openRuntimeAsync } from '../runtime.js';
import { CliError } from './errors.js';

/** `rojname translations [--status missing|stale|current] [--json]`: the desk's translation status. */
export async function runTranslations(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { status: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } }, strict: true });
  const { status, problems } = checkStatusFilter(values.status ?? [], '--status');
  if (problems.length) throw new CliError(problems.map((p) => p.message).join('\n'));
  const { store, languages, clock } = await openRuntimeAsync(readConfig());
  try {
    const items = await listTranslations(store, languages, { now: clock() });
    const shown = status ? items.filter((item) => item.status === status) : items;
    process.stdout.write(values.json ? `${JSON.stringify({ items: shown }, null, 2)}\n` : formatTranslationTable(items, languages, status));
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * One row per story (newest first), one column per registry language: `missing`, `stale since vN`
 * (`sourceChangedIn`) or `current`, and `source` for the story's source language. `items` are every
 * story's (unfiltered); with `status`, only stories with a translation in that status are rows, and
 * their other cells are blank.
 */
export function formatTranslationTable(items: readonly TranslationItem[], languages: LanguageRegistry, status?: TranslationStatus): string {
  const stories = new Map<string, Map<string, TranslationItem>>();
  for (const item of items) stories.set(item.id, (stories.get(item.id) ?? new Map()).set(item.language, item));
  const cell = (item: TranslationItem | undefined) => {
    // Every registry language but the source has an item.
    if (!item) return 'source';
    if (status && item.status !== status) return '';
    return item.status === 'stale' ? `stale since v${item.sourceChangedIn}` : item.status;
  };
  const rows = [...stories]
    .filter(([, cells]) => !status || [...cells.values()].some((i) => i.status === status))
    .map(([id, cells]) => [id, ...languages.tags.map((tag) => cell(cells.get(tag)))]);
  if (rows.length === 0) return status ? `no ${status} translations\n` : 'no stories\n';
  const header = ['story', ...languages.tags];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `${cells.map((c, k) => c.padEnd(widths[k]!)).join('  ').trimEnd()}\n`;
  return [header, ...rows].map(line).join('');
}

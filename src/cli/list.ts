import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { checkArticleListQuery, toArticleList, type ArticleList } from '../desk/articles.js';
import type { LanguageRegistry } from '../i18n/languages.js';
import { openRuntimeAsync } from '../runtime.js';
import { ValidationError } from '../validate/problems.js';
import { CliError } from './errors.js';

/** `rojname list [--language TAG] [--status STATUS] [--since RFC3339] [--limit N] [--cursor C] [--json]`: the editors' list. */
export async function runList(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      language: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      since: { type: 'string', multiple: true },
      limit: { type: 'string', multiple: true },
      cursor: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  const { store, languages } = await openRuntimeAsync(readConfig());
  try {
    let options;
    try {
      options = checkArticleListQuery(values, languages, { language: '--language', status: '--status', since: '--since', cursor: '--cursor', limit: '--limit' });
    } catch (error) {
      // A flag with a value it cannot have: a wrong command line, each flag named.
      if (error instanceof ValidationError) {
        const lines = error.problems.map((p) => p.message);
        throw new CliError(lines.length === 1 ? lines[0]! : `${lines.length} flags are wrong:\n${lines.map((l) => `  ${l}`).join('\n')}`);
      }
      throw error;
    }
    const list = toArticleList(await store.listArticles(options));
    process.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : formatArticleTable(list, languages, options.language));
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * One row per story, newest change first: id, version, status, when it last changed, its
 * languages (each with its own version, and its status where that differs from the story's) and
 * a headline (in `language`, or the first registry language the story has). Then the way to the
 * next page, if there is one.
 */
export function formatArticleTable(list: ArticleList, languages: LanguageRegistry, language?: string): string {
  if (list.items.length === 0) return 'no stories\n';
  const rows = list.items.map((item) => {
    const tags = languages.tags.filter((tag) => item.languages[tag]);
    const langs = tags.map((tag) => {
      const l = item.languages[tag]!;
      return `${tag} v${l.itemVersion}${l.pubStatus === item.pubStatus ? '' : ` (${l.pubStatus})`}`;
    });
    const shown = language ?? tags[0];
    return [item.id, `v${item.version}`, item.pubStatus, item.updated, langs.join(', '), (shown && item.languages[shown]?.headline) || ''];
  });
  const header = ['story', 'version', 'status', 'updated', 'languages', 'headline'];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `${cells.map((c, k) => (k === cells.length - 1 ? c : c.padEnd(widths[k]!))).join('  ').trimEnd()}\n`;
  const more = list.nextCursor ? `more: rojname list --cursor ${list.nextCursor} (with the same filters)\n` : '';
  return [header, ...rows].map(line).join('') + more;
}

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { FEED_FORMATS } from '../formats/registry.js';
import { createTranslator } from '../i18n/i18n.js';
import { localizeItem } from '../i18n/localize.js';
import { renderArticlePage, renderHomePage } from '../pages/index.js';
import { FEED_SIZE } from '../publish/publisher.js';
import { buildHomeView, createSitePublisher, LANGUAGE_PAGE } from '../publish/site.js';
import { openRuntime, seedSample } from '../runtime.js';
import { MEDIA_DIR } from '../http/routes/media.js';

/**
 * `rojname build [--out output]`: the public site as static files (every feed with `.gz` and `.br`
 * beside it, the pages, the media). Everything is rendered and checked into a staging folder
 * first; only a complete build is moved into place, so nothing is ever half-written.
 */
export async function runBuild(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: 'output' } } });
  const config = readConfig();
  const out = resolve(values.out!);
  const runtime = openRuntime(config.dbPath);
  try {
    await seedSample(runtime.store);
    const translator = createTranslator(runtime.languages);
    const deps = { ...runtime, translator, baseUrl: config.baseUrl };
    const publisher = createSitePublisher(deps);
    mkdirSync(out, { recursive: true });
    const staging = mkdtempSync(join(out, '.build-'));
    try {
      const write = (path: string, data: string | Buffer) => {
        mkdirSync(dirname(join(staging, path)), { recursive: true });
        writeFileSync(join(staging, path), data);
      };
      write('index.html', renderHomePage(buildHomeView(deps)));
      for (const lang of runtime.languages.tags) {
        for (const id of [...FEED_FORMATS.map((f) => f.file), LANGUAGE_PAGE]) {
          const r = await publisher.get(lang, id);
          // Compression runs off the main thread; a build writes the compressed files too.
          await r.compressing;
          write(`${lang}/${id}`, r.body);
          if (r.gzip) write(`${lang}/${id}.gz`, r.gzip);
          if (r.br) write(`${lang}/${id}.br`, r.br);
        }
        for (const story of await runtime.store.listLatest({ language: lang, limit: FEED_SIZE, now: runtime.clock() })) {
          const page = renderArticlePage(localizeItem(story, { languages: runtime.languages, translator, baseUrl: config.baseUrl }), translator.t(lang), runtime.languages);
          write(`${lang}/articles/${story.article.id}.html`, page);
        }
      }
      for (const file of readdirSync(MEDIA_DIR)) {
        mkdirSync(join(staging, 'media'), { recursive: true });
        copyFileSync(join(MEDIA_DIR, file), join(staging, 'media', file));
      }
      const written = new Set<string>();
      moveInto(staging, out, '', written);
      const removed = removeStale(out, written);
      process.stdout.write(`wrote ${written.size} files${removed ? `, removed ${removed} stale ones` : ''} to ${relative(process.cwd(), out) || '.'}/ (links use ${config.baseUrl})\n`);
      return 0;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    await runtime.store.close();
  }
}

/** Moves every staged file into place (a rename each: readers see the old file or the new one). */
function moveInto(staging: string, out: string, sub: string, written: Set<string>): void {
  for (const entry of readdirSync(join(staging, sub), { withFileTypes: true })) {
    const path = join(sub, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(join(out, path), { recursive: true });
      moveInto(staging, out, path, written);
    } else {
      renameSync(join(staging, path), join(out, path));
      written.add(path);
    }
  }
}

/** Removes what an earlier build wrote and this one did not (a killed story's page, say). */
function removeStale(out: string, written: Set<string>, sub = ''): number {
  let removed = 0;
  for (const entry of readdirSync(join(out, sub), { withFileTypes: true })) {
    const path = join(sub, entry.name);
    if (entry.name === '.gitkeep' || entry.name.startsWith('.build-')) continue;
    if (entry.isDirectory()) removed += removeStale(out, written, path);
    else if (!written.has(path)) {
      unlinkSync(join(out, path));
      removed++;
    }
  }
  return removed;
}

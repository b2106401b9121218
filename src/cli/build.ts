import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../config.js';
import { FEED_FORMATS } from '../formats/registry.js';
import { defaultLanguages } from '../i18n/languages.js';
import { localizeItem } from '../i18n/localize.js';
import { renderArticlePage } from '../pages/index.js';
import { ARCHIVE_FILES } from '../publish/archives.js';
import { MAX_TOMBSTONES } from '../publish/publisher.js';
import { createSitePublisher, LANGUAGE_PAGE } from '../publish/site.js';
import { compressBest } from '../publish/rendered.js';
import { SitemapPublisher } from '../publish/sitemaps.js';
import { openRuntimeAsync, seedSample } from '../runtime.js';
import { MEDIA_DIR } from '../http/routes/media.js';
import { extensionFits, parseStoredName } from '../media/catalog.js';
import { CliError } from './errors.js';
import { loadCheckedTranslator } from './locales.js';
import { OutputFolder } from './output-folder.js';
import { createProgress, formatSummary } from './progress.js';

/** Stories read from the store at a time: enough to keep the query cost negligible, few enough to hold. */
const PAGE_SIZE = 500;

/**
 * `rojname build [--out output] [--base-url URL] [--force]`: the public site as static files (every
 * feed with `.gz` and `.br` beside it, the home and language pages, a page for every public story
 * in every language, the media). Its bytes depend only on the store (and the code, locale files
 * and base URL): the clock only decides which embargoes have lifted. Only changed files are
 * written; see `OutputFolder` for what it keeps and removes.
 */
export async function runBuild(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { out: { type: 'string', default: 'output' }, 'base-url': { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const started = performance.now();
  const config = readConfig();
  const baseUrl = values['base-url'] === undefined ? config.baseUrl : readBaseUrl(values['base-url']);
  const out = resolve(values.out!);
  // Before the output folder or the store is touched: broken locale files stop here, naming each problem (exit 2).
  const { translator } = loadCheckedTranslator(defaultLanguages);
  const folder = new OutputFolder(out, { force: values.force! });
  const runtime = await openRuntimeAsync(config);
  // One instant for the whole build: feeds and pages agree on which embargoes have lifted.
  const now = runtime.clock();
  const progress = createProgress();
  try {
    await seedSample(runtime.store);
    const deps = { ...runtime, clock: () => now, translator, baseUrl, tombstoneDays: config.tombstoneDays, websubHubs: config.websubHubs };
    const publisher = createSitePublisher(deps);
    try {
      folder.put('index.html', (await publisher.getHome()).body);
      // The pictures the public stories show: uploaded ones are in the store, not in content/media.
      const pictures = new Set<string>();
      for (const lang of runtime.languages.tags) {
        for (const id of [...FEED_FORMATS.map((f) => f.file), LANGUAGE_PAGE]) {
          // Static files last: compressed at the best levels, whatever the service has made so far.
          putCompressed(folder, `${lang}/${id}`, await publisher.get(lang, id));
        }
        const t = translator.t(lang);
        let count = 0;
        let after: string | undefined;
        // Every Media Topic a public story of the language names: each gets its topic feeds.
        const topics = new Set<string>();
        do {
          const page = await runtime.store.listPublished({ language: lang, now, limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) });
          for (const story of page.stories) {
            // `articles/{id}/index.html`: a plain static file server answers the permalink `/{lang}/articles/{id}` with it.
            folder.put(`${lang}/articles/${story.article.id}/index.html`, renderArticlePage(localizeItem(story, deps), t, runtime.languages));
            for (const s of story.article.subjects) topics.add(s.code.slice('medtop:'.length));
            for (const image of story.article.images) pictures.add(image.url);
            progress.pages(lang, ++count);
          }
          after = page.next;
        } while (after !== undefined);
        progress.language(lang, count);
        for (const code of [...topics].sort()) {
          for (const format of FEED_FORMATS) {
            const r = await publisher.topics.get(lang, code, format.file);
            if (r) putCompressed(folder, `${lang}/topics/${code}/${format.file}`, r);
          }
        }
        // RFC 5005 monthly archives, as the service serves them.
        for (const month of await publisher.archives.months(lang)) {
          for (const file of ARCHIVE_FILES) {
            const r = (await publisher.archives.get(lang, month, file))!;
            putCompressed(folder, `${lang}/archive/${month.slice(0, 4)}/${month.slice(5, 7)}/${file}`, r);
          }
        }
        // A story killed lately is still linked from the Atom feed's tombstone: its page says it was withdrawn.
        // (The service answers it with 410; a static host can only serve the notice.)
        const keepMs = config.tombstoneDays * 86_400_000;
        for (const killed of await runtime.store.listKilled({ language: lang, after: now.getTime() - keepMs, before: Number.MAX_SAFE_INTEGER, limit: MAX_TOMBSTONES })) {
          folder.put(`${lang}/articles/${killed.articleId}/index.html`, publisher.errorPages.get(lang, 410).body);
        }
        // What a static host shows for a path it has no file for (the service answers in the path's language).
        folder.put(`${lang}/404.html`, publisher.errorPages.get(lang, 404).body);
      }
      folder.put('404.html', publisher.errorPages.get(runtime.languages.has('en') ? 'en' : runtime.languages.tags[0]!, 404).body);
      // robots.txt, the favicon and every sitemap: the bytes the service serves for this store and base URL.
      const sitemaps = new SitemapPublisher(deps);
      try {
        for (const [path, r] of await sitemaps.files()) putCompressed(folder, path, r);
      } finally {
        sitemaps.stop();
      }
      for (const file of readdirSync(MEDIA_DIR).sort()) folder.put(`media/${file}`, readFileSync(join(MEDIA_DIR, file)));
      for (const url of [...pictures].sort()) {
        const name = url.startsWith('/media/') ? parseStoredName(url.slice('/media/'.length)) : undefined;
        const media = name ? await runtime.store.getMedia(name.sha256, true) : undefined;
        if (name && media?.body && extensionFits(name.extension, media.type)) folder.put(url.slice(1), media.body);
      }
      const result = folder.commit();
      progress.end();
      for (const path of result.overwritten) process.stderr.write(`note: overwrote ${path}, which rojname build had not written (--force)\n`);
      for (const path of result.kept) process.stderr.write(`note: kept ${path}: an earlier build wrote it, but it has changed since\n`);
      const shown = relative(process.cwd(), out) || '.';
      process.stdout.write(`${formatSummary({ ...result, ms: performance.now() - started, out: `${shown.startsWith('..') ? out : shown}/`, baseUrl })}\n`);
      return 0;
    } finally {
      publisher.stop();
    }
  } finally {
    progress.end();
    folder.discard();
    await runtime.store.close();
  }
}

/** A published file and, beside it, its best-compressed forms (for servers that send precompressed files). */
function putCompressed(folder: OutputFolder, path: string, r: { body: Buffer; gzip?: Buffer; br?: Buffer }): void {
  folder.put(path, r.body);
  if (r.gzip && r.br) {
    const best = compressBest(r.body);
    folder.put(`${path}.gz`, best.gzip);
    folder.put(`${path}.br`, best.br);
  }
}

/** `--base-url` is checked as ROJNAME_BASE_URL is (config.ts), and named as the flag. */
function readBaseUrl(value: string): string {
  try {
    if (value.trim() === '') throw new ConfigError('empty');
    return readConfig({ ROJNAME_BASE_URL: value }).baseUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`--base-url must be an absolute http(s) URL, not "${value}"`);
    throw error;
  }
}

import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { checkTranslations } from './check-locales.js';
import type { LanguageRegistry } from './languages.js';
import { readLocaleFiles, type LocaleProblem, type Resources } from './locale-files.js';

export interface WatchLocalesOptions {
  languages: LanguageRegistry;
  /** The locale folder (`<dir>/<tag>/<namespace>.json`). */
  dir: string;
  /** How problems name the folder (default `locales`). */
  root?: string;
  /** Quiet time after the last change before the files are read (default 150 ms): an editor's save is several events. */
  debounceMs?: number;
  /** The files changed and pass `checkTranslations`: swap these in. */
  onReload(resources: Resources): void;
  /** The files changed but have problems: keep what is served, report these. */
  onProblems(problems: LocaleProblem[]): void;
}

/**
 * Watches a locale folder and each language's folder in it (`fs.watch`, not recursive: a folder
 * watch sees an editor's save by rename too), and, once changes settle, reads and checks every
 * file again. Returns a function that stops watching.
 */
export function watchLocales(options: WatchLocalesOptions): () => void {
  const { languages, dir, root = 'locales', debounceMs = 150 } = options;
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const reload = () => {
    timer = undefined;
    if (closed) return;
    watchAll();
    const files = readLocaleFiles(languages, dir, { root });
    const problems = checkTranslations(languages, files, { root });
    if (problems.length > 0) options.onProblems(problems);
    else options.onReload(files.resources);
  };
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
    timer.unref();
  };

  /** Watches every folder not watched yet: a language folder made again after it was removed is watched anew. */
  const watchAll = () => {
    for (const path of [dir, ...languages.tags.map((tag) => join(dir, tag))]) {
      if (watchers.has(path)) continue;
      try {
        const watcher = watch(path, { persistent: false }, changed);
        // Removed (or renamed) while watched: the next read reports it missing, the next reload watches it again.
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(path);
          changed();
        });
        watchers.set(path, watcher);
      } catch {
        // Missing for now: the read reports it, and the folder watch sees it appear.
      }
    }
  };

  watchAll();
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}

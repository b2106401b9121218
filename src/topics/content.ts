import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folder of stories kept with the code: the sample story (content/sample/) and any other. */
export const CONTENT_DIR = new URL('../../content/', import.meta.url).pathname;

/** The Media Topic codes one file under content/ uses. */
export interface StoryTopics {
  /** Relative to the project root, e.g. `content/sample/story.json`. */
  file: string;
  codes: string[];
  /** Set instead of `codes` when the file is not JSON. */
  error?: string;
}

/**
 * Every JSON file under `dir` that lists `subjects`: a story manifest (`story.json`, codes as strings)
 * or a canonical article (`{ "code": "medtop:…" }` objects). Files without `subjects` (translations)
 * are not stories; a file that is not JSON is returned with its error, so a check can name it.
 */
export function readContentTopics(dir: string = CONTENT_DIR): StoryTopics[] {
  const root = join(dir, '..');
  const found: StoryTopics[] = [];
  for (const path of listJsonFiles(dir)) {
    const file = relative(root, path);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      found.push({ file, codes: [], error: (error as Error).message });
      continue;
    }
    const subjects = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { subjects?: unknown }).subjects : undefined;
    if (!Array.isArray(subjects)) continue;
    const codes = subjects.map((s: unknown) => (typeof s === 'string' ? s : typeof s === 'object' && s !== null ? (s as { code?: unknown }).code : undefined));
    found.push({ file, codes: codes.filter((c): c is string => typeof c === 'string') });
  }
  return found;
}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listJsonFiles(path);
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : [];
    });
}

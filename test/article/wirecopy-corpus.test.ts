import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, ArticleInput } from '../../src/article/types.js';
import { importWireCopy, type ImportNote, type WireCopyOptions } from '../../src/article/wirecopy.js';
import { openRuntime } from '../../src/runtime.js';
import { ValidationError, type Problem } from '../../src/validate/problems.js';
import { CLI, inBatches, ROOT, TSX } from '../hostile/helpers.js';
import { admin, makeHarness, type Harness } from '../http/harness.js';

/**
 * The wire-copy corpus (test/fixtures/wirecopy/): stories in every registry language, each `NAME.txt`
 * with `NAME.json` holding how it is imported (the CLI's and the API's inputs) and what must come out,
 * field by field, or the problems it is refused with. Every story goes through the importer, through
 * `POST /api/import` (then read back from the store) and through `rojname import`.
 */

const DIR = new URL('../fixtures/wirecopy/', import.meta.url).pathname;

interface CaseOptions {
  published: string;
  providerUri: string;
  id: string;
  subjects: string[];
  provider?: string;
  country?: string;
}
interface Expected {
  headline: string;
  dateline: string;
  summary: string;
  provider: { name: string; uri: string };
  located: Article['located'];
  contributors: Article['contributors'];
  body: string[];
  notes: ImportNote[];
  caption?: { text: string; credit: string };
}
type Case = { options: CaseOptions } & ({ expected: Expected } | { refused: Problem[] });
interface Story {
  name: string;
  file: string;
  language: string;
  text: string;
  cases: Case[];
}

const stories: Story[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => {
    const name = file.slice(0, -'.txt'.length);
    const { language, cases } = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { language: string; cases: Case[] };
    return { name, file: join(DIR, file), language, text: readFileSync(join(DIR, file), 'utf8'), cases };
  });
const runs = stories.flatMap((story) => story.cases.map((c, i) => ({ story, c, label: `${story.name}${story.cases.length > 1 ? ` #${i + 1}${c.options.country ? ` (country ${c.options.country})` : ''}` : ''}` })));

/** The fields the corpus pins, as they stand in a stored (or dry-run) article. */
function parsed(article: ArticleInput, language: string): Omit<Expected, 'notes' | 'caption'> {
  const l = article.localizations[language]!;
  return {
    headline: l.headline,
    dateline: l.dateline,
    summary: l.summary,
    provider: article.provider,
    located: article.located,
    contributors: article.contributors,
    body: l.body.map((b) => b.text),
  };
}
function withoutNotes({ notes: _notes, caption: _caption, ...fields }: Expected): Omit<Expected, 'notes' | 'caption'> {
  return fields;
}

function importerOptions(language: string, o: CaseOptions): WireCopyOptions {
  return {
    language,
    published: o.published,
    providerUri: o.providerUri,
    id: o.id,
    subjects: o.subjects.map((code) => ({ code })),
    ...(o.provider ? { providerName: o.provider } : {}),
    ...(o.country ? { countryCode: o.country } : {}),
    countryInput: '--country',
  };
}

/** The corpus words its messages as the CLI says them; the API names the same input `?country`. */
const forApi = (message: string) => message.replaceAll('--country IQ', '?country=IQ').replaceAll('--country', '?country');

describe('the corpus', () => {
  it('has several stories in every registry language, each with its expectations', () => {
    const perLanguage = new Map<string, number>();
    for (const s of stories) perLanguage.set(s.language, (perLanguage.get(s.language) ?? 0) + 1);
    expect([...perLanguage.keys()].sort()).toEqual(['ar', 'ckb', 'en', 'kmr']);
    for (const count of perLanguage.values()) expect(count).toBeGreaterThanOrEqual(4);
    expect(readdirSync(DIR).filter((f) => f.endsWith('.json')).length).toBe(stories.length);
    expect(runs.some(({ c }) => 'refused' in c && c.refused.some((p) => p.pointer === '--country'))).toBe(true);
  });
});

describe.each(runs)('importWireCopy: $label', ({ story, c }) => {
  if ('expected' in c) {
    it('parses every field exactly', () => {
      const { article, notes } = importWireCopy(story.text, importerOptions(story.language, c.options));
      expect(parsed(article, story.language)).toEqual(withoutNotes(c.expected));
      expect(notes).toEqual(c.expected.notes);
    });
    if (c.expected.caption) {
      const caption = c.expected.caption;
      it('moves the caption and its credit onto the photo', () => {
        const image = { url: '/media/photo.jpg', mediaType: 'image/jpeg', width: 1200, height: 800 } as const;
        const { article } = importWireCopy(story.text, { ...importerOptions(story.language, c.options), image });
        expect(article.images).toEqual([{ ...image, credit: caption.credit, caption: { [story.language]: caption.text }, alt: { [story.language]: caption.text } }]);
        expect(article.localizations[story.language]!.body.map((b) => b.text)).toEqual(c.expected.body);
      });
    }
  } else {
    it('is refused, listing the problems', () => {
      let error: unknown;
      try {
        importWireCopy(story.text, importerOptions(story.language, c.options));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems).toEqual(c.refused);
    });
  }
});

describe('the corpus through POST /api/import', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });
  it.each(runs)('$label', async ({ story, c }) => {
    const o = c.options;
    const params = new URLSearchParams({ lang: story.language, published: o.published, providerUri: o.providerUri, id: o.id });
    for (const s of o.subjects) params.append('subject', s);
    if (o.provider) params.set('provider', o.provider);
    if (o.country) params.set('country', o.country);
    const before = (await h.store.changes(0, Number.MAX_SAFE_INTEGER)).length;
    const res = await h.app.request(`/api/import?${params}`, { method: 'POST', headers: admin({ 'content-type': 'text/plain; charset=utf-8' }), body: story.text });
    if ('refused' in c) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).errors).toEqual(c.refused.map((p) => ({ pointer: forApi(p.pointer), message: forApi(p.message) })));
      expect((await h.store.changes(0, Number.MAX_SAFE_INTEGER)).length).toBe(before);
      return;
    }
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; notes: ImportNote[] };
    expect(body.id).toBe(o.id);
    expect(body.notes).toEqual(c.expected.notes.map((n) => ({ ...n, message: forApi(n.message) })));
    const stored = (await (await h.app.request(`/api/articles/${o.id}`, { headers: admin() })).json()) as Article;
    expect(parsed(stored, story.language)).toEqual(withoutNotes(c.expected));
    expect(stored.sourceLanguage).toBe(story.language);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
/** `rojname ARGS` from the sources, output decoded as UTF-8 streams (a chunk may end inside a character). */
function rojname(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
function cliArgs(story: Story, o: CaseOptions): string[] {
  return [
    'import', story.file, '--lang', story.language, '--published', o.published, '--provider-uri', o.providerUri, '--id', o.id,
    ...o.subjects.flatMap((s) => ['--subject', s]),
    ...(o.provider ? ['--provider', o.provider] : []),
    ...(o.country ? ['--country', o.country] : []),
  ];
}

describe('the corpus through rojname import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-corpus-'));
  it('prints every story as parsed (--dry-run) with its notes, or refuses it listing the problems (exit 1)', async () => {
    const results = await inBatches(
      runs.map(({ story, c }, i) => () => rojname([...cliArgs(story, c.options), '--dry-run'], { ROJNAME_DB: join(dir, `dry-${i}.db`) })),
      3,
    );
    for (const [i, { story, c, label }] of runs.entries()) {
      const r = results[i]!;
      if ('refused' in c) {
        expect({ label, code: r.code, stdout: r.stdout }).toEqual({ label, code: 1, stdout: '' });
        expect(r.stderr).toBe(`rojname import: wire copy is invalid:\n${c.refused.map((p) => `  ${p.pointer}: ${p.message}\n`).join('')}`);
        continue;
      }
      expect({ label, code: r.code }).toEqual({ label, code: 0 });
      expect(r.stderr).toBe(c.expected.notes.map((n) => `note: line ${n.line}: ${n.message}\n`).join(''));
      expect(parsed(JSON.parse(r.stdout) as ArticleInput, story.language)).toEqual(withoutNotes(c.expected));
    }
  }, 120_000);

  it('stores a story whose place the gazetteer does not know once --country is given', async () => {
    const { story, c } = runs.find(({ c }) => 'expected' in c && c.options.country && c.options.id.startsWith('corpus-en-'))!;
    const db = join(dir, 'stored.db');
    const { country: _country, ...withoutCountry } = c.options;
    const refused = await rojname(cliArgs(story, withoutCountry), { ROJNAME_DB: db });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('  --country: the dateline place "ZAWITA" is not in the gazetteer (content/places.json), so its country is not known: give it, e.g. --country IQ\n');
    const r = await rojname(cliArgs(story, c.options), { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 0, stdout: `stored "${c.options.id}" version 1 (en)\n` });
    const { store } = openRuntime(db);
    try {
      const stored = await store.get(c.options.id);
      expect(stored!.located).toEqual({ name: { en: 'Zawita' }, countryCode: 'IQ' });
      expect((await store.changes(0, Number.MAX_SAFE_INTEGER)).map((ch) => ch.articleId)).toEqual([c.options.id]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

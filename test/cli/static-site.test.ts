import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';

/**
 * Issue 9 item 12: `rojname build` writes archives, tombstones (in the Atom feeds, with the
 * withdrawn notice at the killed page's path), error pages and the rest byte for byte as the
 * service serves them, and every internal link of every built file resolves to a built file when
 * the folder is served by a plain static file server (a path ending in `/`, or naming a folder,
 * is that folder's index.html).
 */

const BASE = 'https://static.example.org/news';
const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function files(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, join(sub, e.name)) : [join(sub, e.name)]));
}

/** The built file a static server answers for an URL of the site, if any. */
function fileFor(out: string, url: string): string | undefined {
  const path = decodeURIComponent(new URL(url).pathname.slice(new URL(`${BASE}/`).pathname.length));
  const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path, `${path}/index.html`];
  return candidates.find((p) => existsSync(join(out, p)) && statSync(join(out, p)).isFile());
}

describe('the static build', () => {
  it('links only to files it built, and serves the bytes the service serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-static-'));
    const db = join(dir, 'r.db');
    const runtime = openRuntime(db);
    await seedSample(runtime.store);
    await runtime.store.create(makeArticle({ id: 'may-story', published: '2024-05-06T09:00:00+03:00' }));
    await runtime.store.create(makeArticle({ id: 'june-story', published: '2024-06-02T09:00:00+03:00', localizations: { en: makeLocalization({ slug: 'june' }), ar: makeLocalization({ slug: 'yunyu', translation: { from: 'en', fromVersion: 1, by: 'Desk' } }) } }));
    await runtime.store.create(makeArticle({ id: 'killed-story', published: '2024-06-03T09:00:00+03:00' }));
    await runtime.store.kill('killed-story');
    await runtime.store.close();

    const out = join(dir, 'site');
    const r = await run(['build', '--out', out, '--base-url', BASE], { ROJNAME_DB: db });
    expect(r.code, r.stderr).toBe(0);

    const built = files(out).filter((p) => !/\.(gz|br)$/.test(p) && !p.startsWith('.'));
    for (const expected of ['index.html', '404.html', 'en/topics/05000000/atom.xml', 'ar/topics/05000000/feed.json', 'en/404.html', 'en/archive/2024/05/atom.xml', 'en/archive/2024/06/feed.json', 'ar/archive/2024/06/atom.xml', `en/articles/${SAMPLE_ID}/index.html`, 'en/articles/killed-story/index.html']) {
      expect(built, expected).toContain(expected);
    }
    expect(readFileSync(join(out, 'en/articles/killed-story/index.html'), 'utf8')).toContain('<h1>Story withdrawn</h1>');
    expect(readFileSync(join(out, 'en/atom.xml'), 'utf8')).toContain(`<at:deleted-entry ref="tag:static.example.org,`);

    // Every link to the site, in every built document, names a built file.
    const broken: string[] = [];
    let checked = 0;
    for (const path of built.filter((p) => /\.(html|xml|json|txt)$/.test(p))) {
      const text = readFileSync(join(out, path), 'utf8').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
      for (const m of text.matchAll(/https:\/\/static\.example\.org\/news\/[^\s"'<>)\\]*/g)) {
        const url = m[0];
        // Partner and editors' routes are the service's, never the static site's.
        if (/\/news\/(newsml|ninjs|api)\//.test(url)) continue;
        checked++;
        if (!fileFor(out, url)) broken.push(`${path} → ${url}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(100);

    // The same bytes as the service for the same store and base URL.
    const service = openRuntime(db);
    try {
      const app = createApp({ ...service, translator: createTranslator(defaultLanguages), baseUrl: BASE, partnerKeys: new Map(), log: () => {} });
      for (const path of ['index.html', 'en/atom.xml', 'ar/feed.json', 'ckb/rss.xml', 'kmr/index.html', 'en/archive/2024/06/atom.xml', 'ar/archive/2024/06/feed.json', 'en/topics/05000000/rss.xml', `ckb/articles/${SAMPLE_ID}/index.html`]) {
        const url = `/${path.replace(/(^|\/)index\.html$/, '$1').replace(/\/$/, (s) => (path.includes('/articles/') ? '' : s))}`;
        const res = await app.request(url);
        expect(res.status, url).toBe(200);
        expect(await res.text(), path).toBe(readFileSync(join(out, path), 'utf8'));
      }
      app.services.publisher.stop();
    } finally {
      await service.store.close();
    }
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { decodeXML } from 'entities';
import type { Article } from '../../src/article/types.js';
import { admin, makeHarness, partner, SAMPLE_ID, T0, type Harness } from '../http/harness.js';

/**
 * Issue 9 item 2: the readers' correction note (`localizations.{lang}.correction`), dated by the
 * store, labelled in the language, at the top of the story in the page, RSS, Atom and JSON Feed;
 * only that language's outputs change; partners keep `edNote`.
 */

const FEEDS = ['rss.xml', 'atom.xml', 'feed.json', ''];
const LANGUAGES = ['en', 'ckb', 'kmr', 'ar'];
const CKB_NOTE = 'ژمارەی سەربازەکان لە ٥٠٠ ڕاستکرایەوە بۆ ٤٠٠٠.';

async function put(h: Harness, article: Article): Promise<Article> {
  const res = await h.app.request(`/api/articles/${article.id}`, {
    method: 'PUT',
    headers: admin({ 'content-type': 'application/json', 'if-match': `"${article.version}"` }),
    body: JSON.stringify(article),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await h.store.get(article.id))!;
}

async function snapshot(h: Harness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const lang of LANGUAGES) {
    for (const file of FEEDS) out.set(`/${lang}/${file}`, await (await h.app.request(`/${lang}/${file}`)).text());
    const page = `/${lang}/articles/${SAMPLE_ID}`;
    out.set(page, await (await h.app.request(page)).text());
  }
  return out;
}

/** The elements named `name` in a feed, as raw XML. */
function elements(feed: string, name: string): string[] {
  return [...feed.matchAll(new RegExp(`<${name}[ >][\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
}

/** The decoded text of the first `child` element of `element`. */
function childText(element: string, child: string): string {
  const m = new RegExp(`<${child}(?: [^>]*)?>([\\s\\S]*?)</${child}>`).exec(element);
  if (!m) throw new Error(`no <${child}> in ${element.slice(0, 80)}`);
  return decodeXML(m[1]!);
}

describe('correction notes for readers', () => {
  it('head the corrected language version in every reader output, dated and labelled, and leave the other languages byte for byte', async () => {
    const h = await makeHarness();
    const before = await snapshot(h);
    const sample = (await h.store.get(SAMPLE_ID))!;
    h.setNow(T0 + 3_600_000);
    const edited = structuredClone(sample);
    edited.localizations.ckb!.correction = CKB_NOTE;
    edited.signal = 'correction';
    edited.edNote = 'Corrected the number of troops in the Sorani version.';
    const stored = await put(h, edited);
    const at = stored.localizations.ckb!.correctedAt!;
    expect(at).toBe(stored.versionCreated);
    expect(stored.localizations.en!.correctedAt).toBeUndefined();

    const after = await snapshot(h);
    for (const [path, bytes] of after) {
      // The language page lists headlines and summaries only: it does not show the note.
      if (path.startsWith('/ckb/') && path !== '/ckb/') expect(bytes, path).not.toBe(before.get(path));
      else expect(bytes, path).toBe(before.get(path));
    }

    // The note as each format carries it: first in the content, with the label and the date.
    const note = `<p class="correction"><strong>ڕاستکردنەوە</strong> (<time datetime="${at}">`;
    const rssItem = elements(after.get('/ckb/rss.xml')!, 'item').find((i) => childText(i, 'guid').includes(SAMPLE_ID))!;
    expect(childText(rssItem, 'content:encoded')).toMatch(new RegExp(`^<div dir="rtl" lang="ckb">${escapeRe(note)}[^<]+</time>\\): ${escapeRe(CKB_NOTE)}</p>`));
    const entry = elements(after.get('/ckb/atom.xml')!, 'entry').find((e) => childText(e, 'id').endsWith(`${SAMPLE_ID}/ckb`))!;
    const content = childText(entry, 'content');
    expect(content).toContain(note);
    expect(content.indexOf('class="correction"')).toBeLessThan(content.indexOf('<p>'));
    expect(childText(entry, 'updated')).toBe(at);
    const json = JSON.parse(after.get('/ckb/feed.json')!) as { items: { id: string; date_modified: string; content_html: string }[] };
    const jsonItem = json.items.find((i) => i.id.endsWith(`${SAMPLE_ID}/ckb`))!;
    expect(jsonItem.date_modified).toBe(at);
    expect(jsonItem.content_html.startsWith(`<div dir="rtl" lang="ckb">${note}`)).toBe(true);
    // The date as Sorani readers write it (Arabic-Indic digits), the year of the correction.
    expect(jsonItem.content_html).toMatch(/<time datetime="[^"]+">[^<]*٢٠٢٦[^<]*<\/time>/);
    const page = after.get(`/ckb/articles/${SAMPLE_ID}`)!;
    expect(page).toContain(note);
    expect(page).toContain(CKB_NOTE);

    // Ids and guids never change.
    const oldJson = JSON.parse(before.get('/ckb/feed.json')!) as { items: { id: string; url: string }[] };
    expect(json.items.map((i) => i.id)).toEqual(oldJson.items.map((i) => i.id));
    const guids = (feed: string) => elements(feed, 'item').map((i) => childText(i, 'guid'));
    expect(guids(after.get('/ckb/rss.xml')!)).toEqual(guids(before.get('/ckb/rss.xml')!));

    // edNote is the partners' note: never in reader outputs; the readers' note never in partner outputs.
    for (const [path, bytes] of after) expect(bytes, path).not.toContain('Corrected the number of troops');
    const newsItem = await (await h.app.request(`/newsml/items/${SAMPLE_ID}/ckb.xml`, { headers: partner() })).text();
    expect(newsItem).toContain('Corrected the number of troops');
    expect(newsItem).not.toContain(CKB_NOTE);
    const ninjs = await (await h.app.request(`/ninjs/items/${SAMPLE_ID}/ckb.json`, { headers: partner() })).text();
    expect(ninjs).not.toContain(CKB_NOTE);
  });

  it('keeps its date while the text stays, takes a new date when the text changes, and goes when removed', async () => {
    const h = await makeHarness();
    const sample = (await h.store.get(SAMPLE_ID))!;
    h.setNow(T0 + 60_000);
    const v2 = structuredClone(sample);
    v2.localizations.ar!.correction = 'صُحّح عدد الجنود من 500 إلى 4000.';
    // A writer cannot date its own note: correctedAt is the store's.
    v2.localizations.ar!.correctedAt = '2001-01-01T00:00:00.000Z';
    const s2 = await put(h, v2);
    expect(s2.localizations.ar!.correctedAt).toBe(s2.versionCreated);

    h.setNow(T0 + 120_000);
    const v3 = structuredClone(s2);
    v3.localizations.ar!.summary = `${v3.localizations.ar!.summary} `.trimEnd() + '.';
    const s3 = await put(h, v3);
    expect(s3.version).toBe(3);
    expect(s3.localizations.ar!.correctedAt).toBe(s2.versionCreated);

    h.setNow(T0 + 180_000);
    const v4 = structuredClone(s3);
    v4.localizations.ar!.correction = 'صُحّح عدد الجنود إلى 4000.';
    const s4 = await put(h, v4);
    expect(s4.localizations.ar!.correctedAt).toBe(s4.versionCreated);
    const feed = JSON.parse(await (await h.app.request('/ar/feed.json')).text()) as { items: { id: string; content_html: string }[] };
    const item = feed.items.find((i) => i.id.endsWith(`${SAMPLE_ID}/ar`))!;
    expect(item.content_html).toContain('<strong>تصحيح</strong>');
    expect(item.content_html).toContain(`<time datetime="${s4.versionCreated}">`);
    expect(item.content_html).toContain('صُحّح عدد الجنود إلى 4000.');
    expect(item.content_html).not.toContain('صُحّح عدد الجنود من 500');

    h.setNow(T0 + 240_000);
    const v5 = structuredClone(s4);
    delete v5.localizations.ar!.correction;
    const s5 = await put(h, v5);
    expect(s5.localizations.ar!.correctedAt).toBeUndefined();
    const page = await (await h.app.request(`/ar/articles/${SAMPLE_ID}`)).text();
    expect(page).not.toContain('class="correction"');
  });

  it('is plain text: markup in a note is shown as written, never as markup', async () => {
    const h = await makeHarness();
    const sample = (await h.store.get(SAMPLE_ID))!;
    const edited = structuredClone(sample);
    edited.localizations.en!.correction = 'An earlier version said <b>400</b> & "four hundred".';
    await put(h, edited);
    const json = JSON.parse(await (await h.app.request('/en/feed.json')).text()) as { items: { id: string; content_html: string }[] };
    const html = json.items.find((i) => i.id.endsWith(`${SAMPLE_ID}/en`))!.content_html;
    expect(html).toContain('): An earlier version said &lt;b&gt;400&lt;/b&gt; &amp; "four hundred".</p>');
  });

  it('is refused when it is not text', async () => {
    const h = await makeHarness();
    const sample = (await h.store.get(SAMPLE_ID))!;
    const edited = structuredClone(sample) as unknown as { localizations: Record<string, Record<string, unknown>> };
    edited.localizations.en!.correction = '';
    const res = await h.app.request(`/api/articles/${SAMPLE_ID}`, {
      method: 'PUT',
      headers: admin({ 'content-type': 'application/json', 'if-match': `"${sample.version}"` }),
      body: JSON.stringify(edited),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toContain('/localizations/en/correction');
  });
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

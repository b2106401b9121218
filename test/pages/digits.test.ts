import { describe, expect, it } from 'vitest';
import { makeHarness, SAMPLE_ID } from '../http/harness.js';

/**
 * Issue 9 item 8: one digit convention per language for every number the interface writes (the
 * registry's numbering system: Arabic-Indic for Sorani and Arabic, Western for English and
 * Kurmanji); the editor's own text keeps the digits it was written with.
 */
describe('digits the interface writes', () => {
  it('are the language’s own in dates, counts, years and list numbers; editorial text stays as written', async () => {
    const h = await makeHarness();
    expect(await (await h.app.request('/ckb/')).text()).toContain('<p class="meta">١ '); // the story count
    const ar = await (await h.app.request('/ar/')).text();
    expect(ar).toMatch(/<time datetime="[^"]+">[^<]*٢٠٢١[^<]*<\/time>/); // the date
    expect(ar).toMatch(/<footer class="colophon"><p>[^<]*© [٠-٩]{4} /); // the rights year
    expect(ar).toContain(':lang(ar) ol { list-style-type: arabic-indic }');
    expect(ar).toContain(':lang(ckb) ol { list-style-type: arabic-indic }');
    expect(ar).not.toContain(':lang(kmr) ol');
    const page = await (await h.app.request(`/ar/articles/${SAMPLE_ID}`)).text();
    // The sample's Arabic text writes its numbers with Western digits: kept.
    expect(page).toContain('من 500 إلى 4000');
    expect(page).toMatch(/<footer class="colophon"><p>[^<]*© ٢٠٢١/);
    const kmr = await (await h.app.request('/kmr/')).text();
    expect(kmr).toContain('<p class="meta">1 ');
    expect(kmr).toMatch(/<footer class="colophon"><p>[^<]*© [0-9]{4} /);
  });
});

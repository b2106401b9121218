import { describe, expect, it } from 'vitest';
import { admin, makeHarness, newStory, SAMPLE_ID } from '../http/harness.js';

/** Issue 9 item 8: the home page lists the latest stories of every language, published on change. */
describe('the home page', () => {
  it('lists every language’s latest stories, each in its language and direction, with its date', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    const block = (tag: string) => html.slice(html.indexOf(`aria-labelledby="lang-${tag}"`), html.indexOf('</section>', html.indexOf(`aria-labelledby="lang-${tag}"`)));
    expect(block('en')).toContain(`<a href="https://rojname.example/en/articles/${SAMPLE_ID}">NATO announces eight-fold increase in number of forces in Iraq</a>`);
    expect(block('en')).toContain('<h3>Latest stories</h3>');
    expect(block('ckb')).toContain(`href="https://rojname.example/ckb/articles/${SAMPLE_ID}"`);
    expect(block('ckb')).toContain('<h3>دوایین هەواڵەکان</h3>');
    // The date as each language writes it: Arabic-Indic digits in Sorani and Arabic.
    expect(block('ckb')).toMatch(/<time datetime="2021-02-18T[^"]+">[^<]*٢٠٢١[^<]*<\/time>/);
    expect(block('kmr')).toMatch(/<time datetime="2021-02-18T[^"]+">[^<]*2021[^<]*<\/time>/);
    expect(html).toMatch(/<section lang="ar" dir="rtl" class="script-Arab" aria-labelledby="lang-ar">/);
  });

  it('is published again when a story changes, and answers 304 while nothing did', async () => {
    const h = await makeHarness();
    const first = await h.app.request('/');
    const etag = first.headers.get('etag')!;
    expect((await h.app.request('/', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const res = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(newStory('home-new', ['kmr'])) });
    expect(res.status).toBe(201);
    const after = await h.app.request('/', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Headline home-new kmr');
  });
});

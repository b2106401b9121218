import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { rssFormat } from '../../src/formats/rss/index.js';
import { OutputValidationError } from '../../src/validate/problems.js';
import { ADMIN, admin, makeHarness, newStory, SAMPLE_ID } from './harness.js';

const jsonHeaders = (extra: Record<string, string> = {}) => admin({ 'content-type': 'application/json', ...extra });
const post = (body: unknown) => ({ method: 'POST', headers: jsonHeaders(), body: typeof body === 'string' ? body : JSON.stringify(body) });
const SAMPLE_COPY = readFileSync(new URL('../../content/sample/en.txt', import.meta.url), 'utf8');

describe("editors' API access", () => {
  it('is off, and says so, without an admin token', async () => {
    const { app } = await makeHarness({ adminToken: null });
    const res = await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ title: "The editors' API is off", detail: 'Set ROJNAME_ADMIN_TOKEN to turn it on.' });
  });
  it('answers 401 to a wrong token and never logs tokens', async () => {
    const { app, logs } = await makeHarness();
    const res = await app.request(`/api/articles/${SAMPLE_ID}`, { headers: { authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
    await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() });
    expect(logs.join('\n')).not.toContain(ADMIN);
  });
});

describe('POST /api/articles', () => {
  it('creates a story: 201, Location, id and version', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/articles', post(newStory('new-story', ['en', 'ar'])));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/articles/new-story');
    expect(res.headers.get('etag')).toBe('"1"');
    expect(await res.json()).toEqual({ id: 'new-story', version: 1, pubStatus: 'usable' });
  });
  it('accepts back what GET returns (with a new id)', async () => {
    const { app } = await makeHarness();
    const got = await (await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json();
    const res = await app.request('/api/articles', post({ ...got, id: 'copy-of-sample' }));
    expect(res.status).toBe(201);
  });
  it('lists every schema problem in a 400 problem+json', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/articles', post({ ...newStory('bad', ['en']), pubStatus: 'live', subjects: 'politics' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await res.json();
    expect(body.errors).toEqual([
      { pointer: '/pubStatus', message: 'pubStatus must be one of usable, withheld, canceled, not "live"' },
      { pointer: '/subjects', message: 'subjects must be a list (a JSON array), not "politics"' },
    ]);
  });
  it('refuses text that is not JSON with 400, and other media types with 415', async () => {
    const { app } = await makeHarness();
    const bad = await app.request('/api/articles', post('{"id": '));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].message).toMatch(/^is not valid JSON/);
    const wrongType = await app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'text/xml' }), body: '<a/>' });
    expect(wrongType.status).toBe(415);
  });
  it('refuses an id that is taken with 409', async () => {
    const { app } = await makeHarness();
    const got = await (await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json();
    expect((await app.request('/api/articles', post(got))).status).toBe(409);
  });
  it('answers 413 as problem+json above the body limit, and stores nothing', async () => {
    const { app } = await makeHarness({ maxBodyBytes: 1000 });
    const res = await app.request('/api/articles', post(newStory('big', ['en'], { edNote: 'x'.repeat(2000) })));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, limitBytes: 1000 });
    expect((await app.request('/api/articles/big', { headers: admin() })).status).toBe(404);
  });
  it('answers other methods with 405 and Allow', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/articles', { method: 'PATCH', headers: admin() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

describe('GET, PUT and DELETE /api/articles/{id}', () => {
  it('GET returns the canonical JSON with ETag "VERSION"', async () => {
    const { app } = await makeHarness();
    const res = await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() });
    expect(res.headers.get('etag')).toBe('"1"');
    const body = await res.json();
    expect(body).toMatchObject({ id: SAMPLE_ID, version: 1, sourceLanguage: 'en' });
    expect(Object.keys(body.localizations).sort()).toEqual(['ar', 'ckb', 'en', 'kmr']);
  });
  it('PUT without If-Match is 428, with a stale version 412, with the right one 200', async () => {
    const { app } = await makeHarness();
    const got = await (await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json();
    const body = JSON.stringify({ ...got, pubStatus: 'withheld' });
    expect((await app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: jsonHeaders(), body })).status).toBe(428);
    const ok = await app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: jsonHeaders({ 'if-match': '"1"' }), body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: SAMPLE_ID, version: 2, pubStatus: 'withheld' });
    const stale = await app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: jsonHeaders({ 'if-match': '"1"' }), body });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ currentVersion: 2 });
  });
  it('PUT of an unknown story is 404', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/articles/nope', { method: 'PUT', headers: jsonHeaders({ 'if-match': '"1"' }), body: JSON.stringify(newStory('nope', ['en'])) });
    expect(res.status).toBe(404);
  });
  it('DELETE kills the story: canceled, out of the public feeds', async () => {
    const { app } = await makeHarness();
    const res = await app.request(`/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: admin() });
    expect(await res.json()).toEqual({ id: SAMPLE_ID, version: 2, pubStatus: 'canceled' });
    expect((await (await app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json()).pubStatus).toBe('canceled');
    expect(await (await app.request('/ar/feed.json')).text()).not.toContain(SAMPLE_ID);
  });
});

describe('POST /api/import', () => {
  it('imports wire copy as text/plain: 201 with the importer notes', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/import?lang=en&published=2021-02-18T19:30:00%2B03:00&providerUri=https://www.kurdistan24.net/&id=imported-copy&subject=medtop:16000000', {
      method: 'POST',
      headers: admin({ 'content-type': 'text/plain; charset=utf-8' }),
      body: SAMPLE_COPY,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ id: 'imported-copy', version: 1 });
    expect(body.notes.map((n: { message: string }) => n.message)).toContain('the photo caption appears 2 times; kept once');
    const stored = await (await app.request('/api/articles/imported-copy', { headers: admin() })).json();
    expect(stored.localizations.en.body).toHaveLength(7);
    expect(stored.contributors).toEqual([{ name: 'John J. Catherine', role: 'editor' }]);
  });
  it('lists the missing parameters in one 400', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/import', { method: 'POST', headers: admin({ 'content-type': 'text/plain' }), body: SAMPLE_COPY });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { pointer: string }) => e.pointer)).toEqual(['?lang', '?published', '?providerUri']);
  });
  it('refuses copy without a headline with 400', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/import?lang=en&published=2021-02-18T19:30:00Z&providerUri=https://www.kurdistan24.net/', { method: 'POST', headers: admin({ 'content-type': 'text/plain' }), body: SAMPLE_COPY.split('\n').slice(2).join('\n') });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].pointer).toBe('/headline');
  });
  it('refuses a charset other than UTF-8 with 415', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/import?lang=ar&published=2021-02-18T19:30:00Z&providerUri=https://www.kurdistan24.net/', { method: 'POST', headers: admin({ 'content-type': 'text/plain; charset=windows-1256' }), body: SAMPLE_COPY });
    expect(res.status).toBe(415);
  });
  it('refuses JSON with 415', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/import?lang=en&published=2021-02-18T19:30:00Z', post({}));
    expect(res.status).toBe(415);
  });
  const importCopy = (app: Awaited<ReturnType<typeof makeHarness>>['app'], lang: string, copy: string, extra = '') =>
    app.request(`/api/import?lang=${lang}&published=2021-02-18T19:30:00%2B03:00&providerUri=https://www.kurdistan24.net/&id=wire-${lang}&subject=medtop:16000000${extra}`, {
      method: 'POST',
      headers: admin({ 'content-type': 'text/plain; charset=utf-8' }),
      body: copy,
    });
  it('imports Arabic copy and takes the place, its country and GeoNames id from the gazetteer', async () => {
    const { app } = await makeHarness();
    const res = await importCopy(app, 'ar', 'مطار أربيل يستأنف رحلاته\n\nأربيل (كوردستان 24)- استأنف مطار أربيل الدولي رحلاته.\n\nتحرير: سامان كريم\n');
    expect(res.status).toBe(201);
    const stored = await (await app.request('/api/articles/wire-ar', { headers: admin() })).json();
    expect(stored.located).toEqual({ name: { en: 'Erbil', ckb: 'هەولێر', kmr: 'Hewlêr', ar: 'أربيل' }, countryCode: 'IQ', geonamesId: 95446 });
    expect(stored.provider.name).toBe('كوردستان 24');
    expect(stored.contributors).toEqual([{ name: 'سامان كريم', role: 'editor' }]);
  });
  it('refuses a place the gazetteer does not know without ?country, naming the place and the parameter; stores it with one', async () => {
    const { app } = await makeHarness();
    const copy = 'School rebuilt\n\nZAWITA (Kurdistan 24) – Villagers rebuilt their school.\n\nEditing by Jane Doe\n';
    const refused = await importCopy(app, 'en', copy);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([
      { pointer: '?country', message: 'the dateline place "ZAWITA" is not in the gazetteer (content/places.json), so its country is not known: give it, e.g. ?country=IQ' },
    ]);
    expect((await app.request('/api/articles/wire-en', { headers: admin() })).status).toBe(404);
    const res = await importCopy(app, 'en', copy, '&country=IQ');
    expect(res.status).toBe(201);
    expect((await res.json()).notes).toContainEqual({ line: 3, message: 'the dateline place "ZAWITA" is not in the gazetteer (content/places.json); country IQ as given (?country), no GeoNames id' });
    expect((await (await app.request('/api/articles/wire-en', { headers: admin() })).json()).located).toEqual({ name: { en: 'Zawita' }, countryCode: 'IQ' });
  });
  it('refuses a ?country that contradicts the gazetteer with 400', async () => {
    const { app } = await makeHarness();
    const res = await importCopy(app, 'en', 'Border reopens\n\nDAMASCUS (Reuters) - Syria reopened the crossing.\n\nEditing by Jane Doe\n', '&country=IQ');
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([
      { pointer: '?country', message: 'IQ contradicts the gazetteer: the dateline place "DAMASCUS" is Damascus (GeoNames 170654), in SY; leave ?country out or give SY' },
    ]);
  });
});

describe('unexpected errors', () => {
  it('are logged with a request id and answered 500 without internals', async () => {
    const h = await makeHarness();
    await h.store.close();
    const res = await h.app.request('/en/rss.xml');
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.detail).toMatch(/^Something went wrong on our side \(request [0-9a-f]{8}\)\.$/);
    expect(JSON.stringify(body)).not.toMatch(/sqlite|database|stack/i);
    expect(h.logs.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ level: 'error', msg: 'unexpected error', req: body.requestId }));
  });
});

describe('an output that fails its schema', () => {
  it('is not served: 500 naming the output, and the log names the broken rule', async () => {
    const h = await makeHarness();
    const render = vi.spyOn(rssFormat, 'renderBytes').mockImplementation(() => {
      throw new OutputValidationError('rss output', [{ pointer: '/channel/items/0/link', message: 'must match format "uri"' }]);
    });
    const res = await h.app.request('/en/rss.xml');
    render.mockRestore();
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({ title: 'Output failed its schema check' });
    expect(body.detail).toContain('The rss output broke its schema and was not served');
    expect(h.logs.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ msg: 'output rejected by its schema', output: 'rss output', problems: ['/channel/items/0/link must match format "uri"'] }),
    );
  });
});

describe('content/examples/new-story.json', () => {
  const example = readFileSync(new URL('../../content/examples/new-story.json', import.meta.url), 'utf8');
  const id = JSON.parse(example).id as string;
  it('POSTs as it is, and is in the feeds of its languages only', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/api/articles', post(example));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id, version: 1, pubStatus: 'usable' });
    const story = JSON.parse(example);
    for (const lang of ['en', 'ar']) {
      const [item] = (await (await app.request(`/${lang}/feed.json`)).json()).items;
      expect([item.url, item.title]).toEqual([`https://rojname.example/${lang}/articles/${id}`, story.localizations[lang].headline]);
    }
    for (const lang of ['ckb', 'kmr']) expect(await (await app.request(`/${lang}/rss.xml`)).text()).not.toContain(id);
  });
});

describe('problems in words (POST and PUT /api/articles)', () => {
  it('names each field and what it must be; the detail stays a summary', async () => {
    const { app } = await makeHarness();
    const story = newStory('worded', ['en']);
    const res = await app.request('/api/articles', post({ ...story, published: '2021-02-18 19:30', localizations: { en: { ...story.localizations.en, headlin: 'x' } } }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      title: 'The article is invalid',
      detail: '2 problem(s); see errors.',
      errors: [
        { pointer: '/published', message: 'published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "2021-02-18 19:30"' },
        { pointer: '/localizations/en/headlin', message: 'localizations.en.headlin is not a field of localizations.en: did you mean headline?' },
      ],
    });
  });
});

describe('GET /api/translations', () => {
  const FEEDS = ['ckb', 'kmr', 'ar'].flatMap((lang) => [`/${lang}/rss.xml`, `/${lang}/atom.xml`, `/${lang}/feed.json`]);
  const translations = async (app: Awaited<ReturnType<typeof makeHarness>>['app'], query = '') => {
    const res = await app.request(`/api/translations${query}`, { headers: admin() });
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'application/json', 'no-store']);
    return (await res.json()).items as { id: string; language: string; status: string; fromVersion: number | null; sourceChangedIn: number | null }[];
  };
  const put = (body: unknown, version: number) => ({ method: 'PUT', headers: jsonHeaders({ 'if-match': `"${version}"` }), body: JSON.stringify(body) });

  it("lists every story's translations, newest story first", async () => {
    const { app } = await makeHarness();
    await app.request('/api/articles', post(newStory('newer', ['en', 'ar'], { published: '2026-02-28T12:00:00Z' })));
    expect(await translations(app)).toEqual([
      { id: 'newer', language: 'ckb', status: 'missing', fromVersion: null, sourceChangedIn: null },
      { id: 'newer', language: 'kmr', status: 'missing', fromVersion: null, sourceChangedIn: null },
      { id: 'newer', language: 'ar', status: 'current', fromVersion: 1, sourceChangedIn: null },
      { id: SAMPLE_ID, language: 'ckb', status: 'current', fromVersion: 1, sourceChangedIn: null },
      { id: SAMPLE_ID, language: 'kmr', status: 'current', fromVersion: 1, sourceChangedIn: null },
      { id: SAMPLE_ID, language: 'ar', status: 'current', fromVersion: 1, sourceChangedIn: null },
    ]);
    expect(await translations(app, '?status=missing')).toEqual([
      { id: 'newer', language: 'ckb', status: 'missing', fromVersion: null, sourceChangedIn: null },
      { id: 'newer', language: 'kmr', status: 'missing', fromVersion: null, sourceChangedIn: null },
    ]);
  });

  it("an English edit makes the translations stale and leaves their feeds' bytes alone; retranslating makes them current", async () => {
    const { app } = await makeHarness();
    const url = `/api/articles/${SAMPLE_ID}`;
    const before = await Promise.all(FEEDS.map(async (path) => (await app.request(path)).text()));
    const v1 = await (await app.request(url, { headers: admin() })).json();
    const edited = { ...v1, localizations: { ...v1.localizations, en: { ...v1.localizations.en, headline: `${v1.localizations.en.headline} (updated)` } } };
    expect((await app.request(url, put(edited, 1))).status).toBe(200);
    expect(await Promise.all(FEEDS.map(async (path) => (await app.request(path)).text()))).toEqual(before);
    expect(await (await app.request('/en/feed.json')).text()).toContain('(updated)');
    expect(await translations(app, '?status=stale')).toEqual(
      ['ckb', 'kmr', 'ar'].map((language) => ({ id: SAMPLE_ID, language, status: 'stale', fromVersion: 1, sourceChangedIn: 2 })),
    );
    const v2 = await (await app.request(url, { headers: admin() })).json();
    const ar = v2.localizations.ar;
    const retranslated = { ...v2, localizations: { ...v2.localizations, ar: { ...ar, headline: `${ar.headline} (محدث)`, translation: { ...ar.translation, fromVersion: 2 } } } };
    expect((await app.request(url, put(retranslated, 2))).status).toBe(200);
    expect((await translations(app)).map((i) => [i.language, i.status, i.fromVersion, i.sourceChangedIn])).toEqual([
      ['ckb', 'stale', 1, 2],
      ['kmr', 'stale', 1, 2],
      ['ar', 'current', 2, null],
    ]);
  });

  it('refuses a status that is not one, a repeated one and an unknown parameter: 400 listing each', async () => {
    const { app } = await makeHarness();
    const problems = async (query: string) => {
      const res = await app.request(`/api/translations${query}`, { headers: admin() });
      expect([res.status, res.headers.get('content-type')]).toEqual([400, 'application/problem+json; charset=utf-8']);
      return (await res.json()).errors;
    };
    expect(await problems('?status=old')).toEqual([{ pointer: '?status', message: '?status must be one of missing, stale, current, not "old"' }]);
    expect(await problems('?status=stale&status=current')).toEqual([{ pointer: '?status', message: '?status is given 2 times: give it once, one of missing, stale, current' }]);
    expect(await problems('?stauts=stale&limit=5')).toEqual([
      { pointer: '?stauts', message: '?stauts is not a parameter of this route: did you mean ?status?' },
      { pointer: '?limit', message: '?limit is not a parameter of this route (its parameter: ?status)' },
    ]);
  });

  it("needs the editors' token, and answers only GET", async () => {
    const { app } = await makeHarness();
    expect((await app.request('/api/translations')).status).toBe(401);
    const res = await app.request('/api/translations', { method: 'POST', headers: admin() });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

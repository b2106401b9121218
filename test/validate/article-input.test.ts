import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildArticleInputSchema, SERVER_OWNED_FIELDS } from '../../src/article/input-schema.js';
import { buildArticleSchema } from '../../src/article/schema.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { compileInputChecker } from '../../src/validate/ajv.js';
import { ValidationError } from '../../src/validate/problems.js';
import { SCHEMA_FILES } from '../../src/validate/schema-files.js';
import { admin, makeHarness, SAMPLE_ID } from '../http/harness.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';

const inputSchema = buildArticleInputSchema(defaultLanguages.tags);
const checkInput = compileInputChecker('article input', inputSchema);
const EXAMPLE = new URL('../../content/examples/new-story.json', import.meta.url);

function problemsOf(value: unknown): string[] {
  try {
    checkInput(value);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => p.message);
    throw error;
  }
  return [];
}

describe('schemas/article-input.schema.json', () => {
  it('is written by `npm run schemas` and covered by its check', () => {
    const file = SCHEMA_FILES.find((f) => f.path.endsWith('/schemas/article-input.schema.json'));
    expect(file?.schema).toEqual(inputSchema);
    expect(JSON.parse(readFileSync(file!.path, 'utf8'))).toEqual(inputSchema);
  });
  it('leaves the server-owned fields optional, where the stored schema requires them', () => {
    const stored = { required: buildArticleSchema(defaultLanguages.tags).required as string[] };
    expect(SERVER_OWNED_FIELDS.filter((f) => stored.required.includes(f))).toEqual(['version', 'firstCreated', 'versionCreated']);
    expect(SERVER_OWNED_FIELDS.filter((f) => (inputSchema.required as string[]).includes(f))).toEqual([]);
    expect(inputSchema.required).toEqual(stored.required.filter((f) => !(SERVER_OWNED_FIELDS as readonly string[]).includes(f)));
    expect(inputSchema.properties.version.description).toMatch(/^Owned by the server: optional on input and ignored/);
    expect(inputSchema.properties.localizations.additionalProperties.properties.correctedAt.description).toMatch(/^Owned by the server/);
  });
  it('accepts an article without the server-owned fields, and refuses what the stored schema refuses', () => {
    expect(problemsOf(makeArticle())).toEqual([]);
    expect(problemsOf({ ...makeArticle(), published: 'yesterday', localizations: { en: makeLocalization({ slug: '' }) } })).toEqual([
      'published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "yesterday"',
      'localizations.en.slug must not be empty',
    ]);
  });
  it('accepts content/examples/new-story.json', () => {
    expect(problemsOf(JSON.parse(readFileSync(EXAMPLE, 'utf8')))).toEqual([]);
  });
});

describe('what GET returns is accepted back', () => {
  it('validates against the input schema, and PUT back unchanged succeeds', async () => {
    const { app } = await makeHarness();
    const url = `/api/articles/${SAMPLE_ID}`;
    // A correction gives the story a store-owned correctedAt too.
    const v1 = await (await app.request(url, { headers: admin() })).json();
    const corrected = { ...v1, signal: 'correction', localizations: { ...v1.localizations, en: { ...v1.localizations.en, correction: 'An earlier version misspelled a name.' } } };
    const put1 = await app.request(url, { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify(corrected) });
    expect(put1.status).toBe(200);
    const got = await app.request(url, { headers: admin() });
    const text = await got.text();
    const body = JSON.parse(text);
    expect(body).toMatchObject({ version: 2, firstCreated: expect.any(String), versionCreated: expect.any(String) });
    expect(body.localizations.en.correctedAt).toBe(body.versionCreated);
    expect(problemsOf(body)).toEqual([]);

    const put2 = await app.request(url, { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': got.headers.get('etag')! }), body: text });
    expect(put2.status).toBe(200);
    expect(await put2.json()).toEqual({ id: SAMPLE_ID, version: 3, pubStatus: 'usable' });
    const again = await (await app.request(url, { headers: admin() })).json();
    // The store set its own fields again; everything the writer owns is as it was.
    const { version: _v, versionCreated: _c, signal: _s, ...rest } = again;
    const { version: _v1, versionCreated: _c1, signal: _s1, ...before } = body;
    expect(rest).toEqual(before);
    expect(again.localizations.en.correctedAt).toBe(body.localizations.en.correctedAt);
  });
  it('ignores server-owned values that were sent', async () => {
    const { app } = await makeHarness();
    const story = { ...makeArticle({ id: 'owned-fields-sent' }), version: 41, firstCreated: '2001-01-01T00:00:00.000Z', versionCreated: '2001-01-01T00:00:00.000Z' };
    const res = await app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(story) });
    expect(await res.json()).toEqual({ id: 'owned-fields-sent', version: 1, pubStatus: 'usable' });
    const got = await (await app.request('/api/articles/owned-fields-sent', { headers: admin() })).json();
    expect(got.firstCreated).not.toBe('2001-01-01T00:00:00.000Z');
  });
});

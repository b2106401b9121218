import { expect } from 'vitest';
import { checkAtom, checkJsonFeed, checkNewsml } from '../helpers/official.js';
import type { Harness } from '../http/harness.js';
import { partner } from '../http/harness.js';
import { assertWellFormedXml } from './helpers.js';

/**
 * The other outcome of a write the service accepted: every output of every language of the story
 * is served (each was checked against its schema before it was), every XML one is well formed, the
 * JSON Feed parses, and with `official`, they pass the IPTC XSD, the RFC 4287 RELAX NG grammar and
 * Schematron rules, and the JSON Feed 1.1 schema.
 */
export async function expectEveryOutput(h: Harness, id: string, languages: readonly string[], official = false): Promise<void> {
  const xml: Record<string, string> = {};
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await h.app.request(path, { headers });
    const body = await res.text();
    expect(res.status, `${path}: ${body.slice(0, 500)}`).toBe(200);
    return body;
  };
  for (const lang of languages) {
    xml[`${lang}-rss`] = await get(`/${lang}/rss.xml`);
    xml[`${lang}-atom`] = await get(`/${lang}/atom.xml`);
    xml[`${lang}-latest`] = await get(`/newsml/${lang}/latest.xml`, partner());
    xml[`${lang}-item`] = await get(`/newsml/items/${encodeURIComponent(id)}/${lang}.xml`, partner());
    const feed = await get(`/${lang}/feed.json`);
    expect(() => JSON.parse(feed)).not.toThrow();
    expect(await get(`/${lang}/`)).toContain(`lang="${lang}"`);
    expect(await get(`/${lang}/articles/${encodeURIComponent(id)}`)).toContain(`lang="${lang}"`);
    if (official) {
      expect((await checkNewsml(xml[`${lang}-item`]!)).errors).toEqual([]);
      expect((await checkAtom(xml[`${lang}-atom`]!)).errors).toEqual([]);
      expect(checkJsonFeed(feed).errors).toEqual([]);
    }
  }
  xml.package = await get(`/newsml/packages/${encodeURIComponent(id)}.xml`, partner());
  if (official) expect((await checkNewsml(xml.package)).errors).toEqual([]);
  assertWellFormedXml(xml);
}

/** A refusal as the README promises it: 400 problem+json listing every problem with a pointer and a message. */
export async function expectProblemList(res: Response): Promise<{ errors: { pointer: string; message: string }[] }> {
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as { status: number; errors: { pointer: string; message: string }[] };
  expect(body.status).toBe(400);
  expect(body.errors.length).toBeGreaterThan(0);
  for (const p of body.errors) {
    expect(typeof p.pointer).toBe('string');
    expect(p.message).toMatch(/\S/);
  }
  return body;
}

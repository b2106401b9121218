import { describe, expect, it } from 'vitest';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { makeHarness } from '../http/harness.js';

/**
 * Every route the app registers under /api, /newsml, /ninjs (and /openapi.json) is in the
 * document with its methods, and everything the document names is a route: a route added later
 * without documentation fails here.
 *
 * Hono patterns and OpenAPI templates meet in one form, each variable part as `{}`: a segment that
 * is a language tag (the per-language static routes, `/newsml/en/latest.xml`), `:name`, and
 * `:name{regex}` (keeping a literal extension the regex ends with: `:file{[^/]+\.xml}` is `{}.xml`)
 * on Hono's side; `{name}` on OpenAPI's. So `/newsml/items/:id/:file{[^/]+\.xml}` and
 * `/newsml/items/{id}/{lang}.xml` are both `/newsml/items/{}/{}.xml`.
 */

const IN_SCOPE = /^\/(api|newsml|ninjs)\/|^\/openapi\.json$/;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const languages = new Set(defaultLanguages.tags);

export function shapeOfHonoPath(path: string): string {
  // A slash inside a parameter's regex (`[^/]`) does not end the segment.
  return path
    .split(/\/(?![^{]*\})/)
    .map((segment) => {
      if (languages.has(segment)) return '{}';
      const m = /^:\w+(?:\{(.*)\})?$/.exec(segment);
      if (!m) return segment;
      const extension = m[1] ? /\\(\.\w+)$/.exec(m[1]) : null;
      return `{}${extension ? extension[1] : ''}`;
    })
    .join('/');
}

export function shapeOfTemplate(template: string): string {
  return template.replace(/\{[^}]+\}/g, '{}');
}

async function registered() {
  const h = await makeHarness();
  return h.app.routes.filter((r) => IN_SCOPE.test(r.path)).map((r) => ({ method: r.method.toLowerCase(), path: r.path }));
}

describe('the OpenAPI document covers the routes', () => {
  const doc = buildOpenApiDocument(defaultLanguages.tags);
  const documented = Object.entries(doc.paths).filter(([template]) => IN_SCOPE.test(template));
  const byShape = new Map(documented.map(([template, item]) => [shapeOfTemplate(template), { template, methods: METHODS.filter((m) => item[m]) }]));

  it('maps Hono patterns and templates to one shape', () => {
    expect(shapeOfHonoPath('/newsml/items/:id/:file{[^/]+\\.xml}')).toBe(shapeOfTemplate('/newsml/items/{id}/{lang}.xml'));
    expect(shapeOfHonoPath('/ninjs/ckb/latest.json')).toBe(shapeOfTemplate('/ninjs/{lang}/latest.json'));
    expect(shapeOfHonoPath('/api/articles/:id/versions')).toBe('/api/articles/{}/versions');
    expect(shapeOfHonoPath('/newsml/packages/:file{[^/]+\\.xml}')).toBe('/newsml/packages/{}.xml');
  });

  it('documents every route the app registers, with its methods', async () => {
    const missing: string[] = [];
    for (const route of await registered()) {
      if (route.path.endsWith('/*')) continue; // middleware and the read-only fallbacks: checked below
      const doc = byShape.get(shapeOfHonoPath(route.path));
      if (!doc) missing.push(`${route.method.toUpperCase()} ${route.path}: no documented path`);
      // `all` answers every method the path does not handle otherwise (405): each is documented.
      else for (const method of route.method === 'all' ? METHODS : [route.method]) if (!doc.methods.includes(method as never)) missing.push(`${method.toUpperCase()} ${route.path} (${doc.template})`);
    }
    expect(missing).toEqual([]);
  });

  it('documents the methods the read-only fallbacks refuse on every path under them', async () => {
    const missing: string[] = [];
    for (const route of (await registered()).filter((r) => r.path.endsWith('/*') && r.method !== 'all')) {
      const prefix = route.path.slice(0, -1);
      for (const { template, methods } of byShape.values()) if (template.startsWith(prefix) && !methods.includes(route.method as never)) missing.push(`${route.method.toUpperCase()} ${template}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents no path or method the app does not have', async () => {
    const routes = await registered();
    const extra: string[] = [];
    for (const [shape, { template, methods }] of byShape) {
      for (const method of methods) {
        const exact = routes.some((r) => shapeOfHonoPath(r.path) === shape && (r.method === method || r.method === 'all'));
        const fallback = routes.some((r) => r.path.endsWith('/*') && r.method === method && template.startsWith(r.path.slice(0, -1)));
        if (!exact && !fallback) extra.push(`${method.toUpperCase()} ${template}`);
      }
    }
    expect(extra).toEqual([]);
    expect(byShape.size).toBeGreaterThanOrEqual(14);
  });
});

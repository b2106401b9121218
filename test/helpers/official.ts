import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

/** Checks against the official schemas vendored in test/reference/ (never against our own). */
const ref = (path: string) => new URL(`../reference/${path}`, import.meta.url).pathname;
const read = (path: string) => readFileSync(ref(path), 'utf8');

const NEWSML_XSD = read('newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd');
const XML_XSD = read('newsml-g2/xml.xsd');

export interface OfficialResult {
  valid: boolean;
  errors: string[];
}

/** NewsML-G2 2.35 XSD (IPTC), with libxml2 compiled to WebAssembly. */
export async function checkNewsml(xml: string): Promise<OfficialResult> {
  const r = await validateXML({
    xml: [{ fileName: 'item.xml', contents: xml }],
    schema: [{ fileName: 'NewsML-G2_2.35-spec-All-Power.xsd', contents: NEWSML_XSD }],
    preload: [{ fileName: 'xml.xsd', contents: XML_XSD }],
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

/**
 * RFC 4287 Appendix B RELAX NG, then the Schematron rules for the RFC prose, with libxml2's
 * `xmllint` (Debian libxml2-utils, installed by .ci/run): the WebAssembly build runs out of memory
 * on multi-megabyte feeds, and it has no Schematron.
 */
export async function checkAtom(xml: string): Promise<OfficialResult> {
  const file = writeTemp('feed.xml', xml);
  const errors = [...runXmllint(['--relaxng', ref('atom/atom.rng'), file]), ...runXmllint(['--schematron', ref('atom/atom.sch'), file])];
  return { valid: errors.length === 0, errors };
}

function writeTemp(name: string, contents: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rojname-check-')), name);
  writeFileSync(path, contents);
  return path;
}

function runXmllint(args: string[]): string[] {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--huge', ...args], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (error) {
    return [String((error as { stderr?: Buffer }).stderr ?? error)];
  }
}

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);
const validateJsonFeed = ajv.compile(JSON.parse(read('jsonfeed/jsonfeed-1.1.schema.json')) as object);

/** The JSON Feed 1.1 reference schema plus the two rules it cannot express (jsonfeed/README.md). */
export function checkJsonFeed(text: string): OfficialResult {
  const errors: string[] = [];
  if (text.charCodeAt(0) === 0xfeff) errors.push('starts with a byte-order mark');
  const doc = JSON.parse(text) as { items?: { id?: unknown }[]; next_url?: unknown; feed_url?: unknown };
  if (!validateJsonFeed(doc)) for (const e of validateJsonFeed.errors ?? []) errors.push(`${e.instancePath || '/'} ${e.message}`);
  const seen = new Set<unknown>();
  for (const [i, item] of (doc.items ?? []).entries()) {
    if (seen.has(item.id)) errors.push(`/items/${i}/id duplicate`);
    seen.add(item.id);
  }
  if (doc.next_url !== undefined && doc.next_url === doc.feed_url) errors.push('/next_url equals feed_url');
  return { valid: errors.length === 0, errors };
}

/**
 * IPTC's ninjs 3.1 schema (JSON Schema 2020-12) in an Ajv 2020 instance of its own, the GeoJSON
 * schema added first, as IPTC's harness does (ninjs/README.md). `strictRequired` is off: the
 * official schema names in `oneOf` branches properties its parent declares.
 */
const ajv2020 = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv2020);
ajv2020.addSchema(JSON.parse(read('ninjs/GeoJSON-schema.json')) as object);
const validateNinjsObject = ajv2020.compile(JSON.parse(read('ninjs/ninjs-schema_3.1.json')) as object);

/** One ninjs 3.1 object against the official schema. */
export function checkNinjs(text: string): OfficialResult {
  return checkNinjsValue(JSON.parse(text), '');
}

/**
 * Our latest.json: an object whose only member `items` is an array, each item a ninjs 3.1 object
 * checked against the official schema (the envelope is ours: ninjs defines none).
 */
export function checkNinjsLatest(text: string): OfficialResult {
  const doc = JSON.parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || Object.keys(doc).join() !== 'items' || !Array.isArray((doc as { items: unknown }).items)) {
    return { valid: false, errors: ['/ must be {"items": [...]} and nothing else'] };
  }
  const errors = (doc as { items: unknown[] }).items.flatMap((item, i) => checkNinjsValue(item, `/items/${i}`).errors);
  return { valid: errors.length === 0, errors };
}

function checkNinjsValue(value: unknown, at: string): OfficialResult {
  if (validateNinjsObject(value)) return { valid: true, errors: [] };
  return { valid: false, errors: (validateNinjsObject.errors ?? []).map((e) => `${at}${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`) };
}

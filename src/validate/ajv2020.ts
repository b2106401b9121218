import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** IPTC's official ninjs 3.1 schema, unmodified (iptc/newsinjson `specification/`, commit 3ace397). */
export const NINJS_OFFICIAL_DIR = new URL('../../schemas/ninjs-3.1/', import.meta.url).pathname;
/** The `$id` of the official ninjs 3.1 schema, as IPTC wrote it (with the empty fragment). */
export const NINJS_SCHEMA_ID = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';

/**
 * The process's JSON Schema 2020-12 instance, beside the draft-07 one in `ajv.ts`: ninjs 3.x is
 * 2020-12 (`unevaluatedProperties`, `$defs`), which the default Ajv class cannot compile. The
 * official schema is registered here once, after the GeoJSON schema it references for
 * `places[].geoJSON` (IPTC's own harness: `ajv test --spec=draft2020 -r GeoJSON-schema.json`), so
 * our schemas can `$ref` it by its `$id`. Strict, except `strictRequired`: the official schema
 * lists in `oneOf` branches (`required: ["value"]`) properties its parent declares, which ajv's
 * strict mode would refuse.
 */
export const ajv2020 = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true, unicodeRegExp: true });
addFormats(ajv2020);
ajv2020.addSchema(readSchema('GeoJSON-schema.json'));
ajv2020.addSchema(readSchema('ninjs-schema_3.1.json'));

function readSchema(file: string): object {
  return JSON.parse(readFileSync(`${NINJS_OFFICIAL_DIR}${file}`, 'utf8')) as object;
}

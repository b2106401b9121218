import { readFileSync } from 'node:fs';
import type { JSONSchemaType } from 'ajv';
import { defaultLanguages, type LanguageRegistry } from '../i18n/languages.js';
import { compileChecker } from '../validate/ajv.js';
import type { Problem } from '../validate/problems.js';
import { foldName, isArabicScript } from './normalize.js';

/** `content/places.json`: where datelines come from, with their names in every registry language. */
export const PLACES_FILE = new URL('../../content/places.json', import.meta.url).pathname;

/** One place of the gazetteer. */
export interface Place {
  /** The GeoNames id (https://www.geonames.org/ID), the place's identity in NewsML-G2 and ninjs. */
  geonamesId: number;
  /** ISO 3166-1 alpha-2 code of the country the place is in. */
  countryCode: string;
  /** The name to publish, per registry language tag. */
  names: Record<string, string>;
  /** Other spellings copy uses (Arbil, Irbil, Hawler, هولير…); matched like the names. */
  aliases: string[];
}

export interface PlacesFile {
  $comment?: string;
  places: Place[];
}

/** Looks up dateline places by any of their names or spellings. */
export interface Gazetteer {
  readonly places: readonly Place[];
  /** The place a dateline names, if the gazetteer knows it (see `foldName` for what counts as the same name). */
  find(name: string): Place | undefined;
}

const schema: JSONSchemaType<PlacesFile> = {
  type: 'object',
  additionalProperties: false,
  required: ['places'],
  properties: {
    $comment: { type: 'string', nullable: true },
    places: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['geonamesId', 'countryCode', 'names', 'aliases'],
        properties: {
          geonamesId: { type: 'integer', minimum: 1 },
          countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
          names: { type: 'object', required: [], additionalProperties: { type: 'string', minLength: 1, maxLength: 200 } },
          aliases: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
  },
};

/** A gazetteer over `file`'s places; throws a ValidationError listing every problem with the file. */
export function createGazetteer(file: unknown, languages: LanguageRegistry = defaultLanguages): Gazetteer {
  const checked = compileChecker<PlacesFile>('places file', schema, (f) => checkPlaces(f, languages))(file);
  const byKey = new Map<string, Place>();
  for (const place of checked.places) for (const name of spellings(place)) byKey.set(foldName(name), place);
  return {
    places: checked.places,
    find(name) {
      const key = foldName(name);
      if (!key) return undefined;
      const found = byKey.get(key);
      if (found || !isArabicScript(name)) return found;
      // The Arabic article: "البصرة" and "بصرة", "الموصل" and "موصل" name the same city.
      return key.startsWith('ال') ? byKey.get(key.slice(2)) : byKey.get(`ال${key}`);
    },
  };
}

let shipped: Gazetteer | undefined;

/** The gazetteer shipped in `content/places.json`, read and checked once. */
export function loadGazetteer(): Gazetteer {
  shipped ??= createGazetteer(JSON.parse(readFileSync(PLACES_FILE, 'utf8')) as unknown);
  return shipped;
}

function spellings(place: Place): string[] {
  return [...Object.values(place.names), ...place.aliases];
}

/** What the schema cannot say: a name in every registry language, and no spelling shared by two places. */
function checkPlaces(file: PlacesFile, languages: LanguageRegistry): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, number>();
  const ids = new Map<number, number>();
  file.places.forEach((place, i) => {
    for (const tag of languages.tags) {
      if (!place.names[tag]) problems.push({ pointer: `/places/${i}/names`, message: `has no name in ${tag}` });
    }
    for (const tag of Object.keys(place.names)) {
      if (!languages.has(tag)) problems.push({ pointer: `/places/${i}/names/${tag}`, message: `"${tag}" is not a registry language (${languages.tags.join(', ')})` });
    }
    const seen = ids.get(place.geonamesId);
    if (seen !== undefined) problems.push({ pointer: `/places/${i}/geonamesId`, message: `${place.geonamesId} is also /places/${seen}` });
    ids.set(place.geonamesId, i);
    for (const name of spellings(place)) {
      const key = foldName(name);
      const other = owner.get(key);
      if (other !== undefined && other !== i) problems.push({ pointer: `/places/${i}`, message: `"${name}" also names /places/${other} (a spelling must name one place)` });
      owner.set(key, i);
    }
  });
  return problems;
}

import type { Gazetteer } from '../places/gazetteer.js';
import type { Problem } from '../validate/problems.js';
import type { Dateline } from './dateline.js';
import type { Located } from './types.js';

/** What `locate` needs: the dateline's place, and the country the caller gave, if any. */
export interface LocateRequest {
  placeText: string;
  place: Dateline['place'];
  language: string;
  /** The country the caller gave (ISO 3166-1 alpha-2, any case), if any. */
  countryCode?: string | undefined;
  /** How the caller names that input, for messages: `--country`, `?country`. */
  countryInput: string;
}

/** The located place (with a note when the gazetteer did not know it), or why there is none. */
export type LocateResult = { located: Located; note?: string } | { problem: Problem };

const REGIONS = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });

/**
 * The story's `located`, from the gazetteer, never guessed: a known place gets its names in every
 * language, its country and GeoNames id (a given country must agree); an unknown place is a note,
 * and then the caller must give the country.
 */
export function locate(request: LocateRequest, gazetteer: Gazetteer): LocateResult {
  const { placeText, place, countryInput } = request;
  const given = request.countryCode?.trim().toUpperCase();
  if (given !== undefined && !isCountryCode(given)) {
    return { problem: { pointer: countryInput, message: `"${request.countryCode}" is not an ISO 3166-1 alpha-2 country code (e.g. ${example(countryInput)} for Iraq)` } };
  }
  if (place) {
    if (given !== undefined && given !== place.countryCode) {
      return {
        problem: {
          pointer: countryInput,
          message: `${given} contradicts the gazetteer: the dateline place "${placeText}" is ${place.names.en ?? placeText} (GeoNames ${place.geonamesId}), in ${place.countryCode}; leave ${countryInput} out or give ${place.countryCode}`,
        },
      };
    }
    return { located: { name: { ...place.names }, countryCode: place.countryCode, geonamesId: place.geonamesId } };
  }
  const unknown = `the dateline place "${placeText}" is not in the gazetteer (content/places.json)`;
  if (given === undefined) {
    return { problem: { pointer: countryInput, message: `${unknown}, so its country is not known: give it, e.g. ${example(countryInput)}` } };
  }
  return { note: `${unknown}; country ${given} as given (${countryInput}), no GeoNames id`, located: { name: { [request.language]: displayName(placeText) }, countryCode: given } };
}

/**
 * Assigned ISO 3166-1 alpha-2 codes: ICU names them. It also names codes that are no country (EU, EZ,
 * UN, the user-assigned QM–QZ, XA–XZ and ZZ): refused, except XK, which GeoNames uses for Kosovo.
 */
function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || /^(?:EU|EZ|UN|AA|ZZ|Q[M-Z]|X[A-JL-Z])$/.test(code)) return false;
  return REGIONS.of(code) !== undefined;
}

function example(input: string): string {
  if (input.startsWith('?')) return `${input}=IQ`;
  if (input.startsWith('-')) return `${input} IQ`;
  return `${input} "IQ"`;
}

/** "ZAWITA" → "Zawita" (wire capitals are not the name); other spellings stay as printed. */
function displayName(place: string): string {
  if (!/\p{Lu}/u.test(place) || place !== place.toUpperCase()) return place;
  return place.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGazetteer, loadGazetteer, PLACES_FILE, type PlacesFile } from '../../src/places/gazetteer.js';
import { foldName } from '../../src/places/normalize.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ValidationError } from '../../src/validate/problems.js';

const gazetteer = loadGazetteer();
const idOf = (name: string) => gazetteer.find(name)?.geonamesId;

describe('content/places.json', () => {
  it('names every place in every registry language', () => {
    for (const place of gazetteer.places) expect(Object.keys(place.names).sort()).toEqual([...defaultLanguages.tags].sort());
  });
  it('has the capitals and major cities of the Kurdistan Region, Iraq, Syria, Turkey and Iran, with their GeoNames ids', () => {
    const want: [string, number, string][] = [
      ['Erbil', 95446, 'IQ'], ['Sulaimani', 98463, 'IQ'], ['Duhok', 96994, 'IQ'], ['Halabja', 96205, 'IQ'], ['Zakho', 89570, 'IQ'],
      ['Baghdad', 98182, 'IQ'], ['Basra', 99532, 'IQ'], ['Mosul', 99072, 'IQ'], ['Kirkuk', 94787, 'IQ'],
      ['Damascus', 170654, 'SY'], ['Aleppo', 170063, 'SY'], ['Qamishli', 173377, 'SY'], ['Kobani', 172256, 'SY'], ['Raqqa', 172955, 'SY'],
      ['Ankara', 323786, 'TR'], ['Istanbul', 745044, 'TR'], ['Diyarbakir', 316541, 'TR'],
      ['Tehran', 112931, 'IR'], ['Mahabad', 125446, 'IR'], ['Sanandaj', 117574, 'IR'], ['Kermanshah', 128226, 'IR'], ['Urmia', 121801, 'IR'],
    ];
    expect(want.map(([name]) => { const p = gazetteer.find(name); return [p?.names.en, p?.geonamesId, p?.countryCode]; })).toEqual(want);
  });
  it('is the file the loader reads, checked', () => {
    const file = JSON.parse(readFileSync(PLACES_FILE, 'utf8')) as PlacesFile;
    expect(createGazetteer(file).places).toHaveLength(file.places.length);
    expect(file.places.length).toBeGreaterThanOrEqual(40);
  });
});

describe('finding a place however copy spells it', () => {
  it.each([
    // Latin spellings and case, diacritics, Turkish dotted and dotless i.
    ['Erbil', 95446], ['ARBIL', 95446], ['Irbil', 95446], ['Hewlêr', 95446], ['HEWLER', 95446], ['Hawler', 95446],
    ['Sulaymaniyah', 98463], ['Slemani', 98463], ['Slêmanî', 98463], ['SULAIMANI', 98463],
    ['Dohuk', 96994], ['Duhok', 96994], ['Kerkûk', 94787], ['Mûsil', 99072],
    ['Kobanê', 172256], ['Kobane', 172256], ['Qamişlo', 173377], ['Amed', 316541], ['Diyarbakır', 316541], ['DİYARBAKIR', 316541],
    ['Sine', 117574], ['Kirmaşan', 128226], ['Orumiyeh', 121801],
    // Arabic script: hamza forms, ي/ی, ك/ک, ه/ە/ة/ھ, tatweel, ZWNJ, harakat, the article.
    ['أربيل', 95446], ['اربيل', 95446], ['إربيل', 95446], ['هەولێر', 95446], ['هەولیر', 95446], ['ھەولێر', 95446], ['هه\u200Cولێر', 95446], ['هـەولێر', 95446], ['أَرْبِيل', 95446],
    ['السليمانية', 98463], ['السليمانيه', 98463], ['السلیمانیة', 98463], ['سلێمانی', 98463], ['سليماني', 98463],
    ['دهوك', 96994], ['دهوک', 96994], ['دهۆک', 96994], ['كركوك', 94787], ['کەرکووک', 94787],
    ['البصرة', 99532], ['بصرة', 99532], ['موصل', 99072], ['الموصل', 99072],
    ['دمشق', 170654], ['قامشلو', 173377], ['عين العرب', 172256], ['کۆبانێ', 172256], ['إسطنبول', 745044], ['اسطنبول', 745044],
    ['تاران', 112931], ['طهران', 112931], ['مەهاباد', 125446], ['سنە', 117574], ['كرمانشاه', 128226],
  ])('%s', (name, id) => {
    expect(idOf(name)).toBe(id);
  });
  it('knows no place it was not given', () => {
    for (const name of ['Zawita', 'قەڵادزێ', 'Derik', '', '   ', 'Navenda Nûçeyan', 'constructor', '__proto__']) expect(gazetteer.find(name)).toBeUndefined();
  });
});

describe('foldName', () => {
  it.each([
    ['Hewlêr', 'hewler'],
    ['Şanlıurfa', 'sanliurfa'],
    ['Tuz-Khurmatu', 'tuz khurmatu'],
    ["Ra's al-'Ayn", 'ras al ayn'],
    ['کوردستان ٢٤', 'کوردستان 24'],
    ['کوردستان ۲۴', 'کوردستان 24'],
    ['أ\u064Eرْبيل', 'اربیل'],
  ])('%s → %s', (value, expected) => {
    expect(foldName(value)).toBe(expected);
  });
});

describe('a places file with mistakes', () => {
  const place = (id: number, en: string, aliases: string[] = []) => ({ geonamesId: id, countryCode: 'IQ', names: { en, ckb: `${en} ckb`, kmr: `${en} kmr`, ar: `${en} ar` }, aliases });
  const problems = (file: unknown) => {
    try {
      createGazetteer(file);
    } catch (e) {
      if (e instanceof ValidationError) return e.problems;
      throw e;
    }
    return [];
  };
  it('is refused when a spelling names two places, listing each', () => {
    expect(problems({ places: [place(1, 'Derik'), place(2, 'Malikiyah', ['Dêrik'])] })).toEqual([{ pointer: '/places/1', message: '"Dêrik" also names /places/0 (a spelling must name one place)' }]);
  });
  it('is refused when a place lacks a registry language, names an unknown one, or repeats an id', () => {
    const missing = { geonamesId: 3, countryCode: 'IQ', names: { en: 'X', ckb: 'X', xx: 'X' }, aliases: [] };
    expect(problems({ places: [place(1, 'A'), place(1, 'B'), missing] })).toEqual([
      { pointer: '/places/1/geonamesId', message: '1 is also /places/0' },
      { pointer: '/places/2/names', message: 'has no name in kmr' },
      { pointer: '/places/2/names', message: 'has no name in ar' },
      { pointer: '/places/2/names/xx', message: '"xx" is not a registry language (en, ckb, kmr, ar)' },
    ]);
  });
  it('is refused when it breaks the schema', () => {
    expect(problems({ places: [{ ...place(1, 'A'), countryCode: 'Iraq' }] }).map((p) => p.pointer)).toEqual(['/places/0/countryCode']);
  });
});

import type { LocalizedItem } from '../../i18n/localize.js';
import { buildBody, toHtml } from '../body.js';
import { toRfc3339 } from '../dates.js';
import { roleUri } from '../newsml/build.js';
import type { Ninjs, NinjsLatestView } from './types.js';

const STANDARD: Ninjs.Standard = { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' };

/**
 * `associations[].rel`, always a URI, so no vocabulary has to be guessed from a bare word. The
 * ninjs guidelines map `associations` to NewsML-G2 `link` (with `@rel`), so an IPTC item relation
 * is used where one exists: a translation names its source as NewsML-G2 does (`irel:derivedFrom`,
 * see newsml/build.ts). No IPTC translation relation could be confirmed (NewsML-G2 notes §3), so
 * the other language versions are IANA's `alternate` (RFC 8288 §2.1.1; HTML: `alternate` with
 * `hreflang` is a translation, and the association's `language` plays `hreflang`), and the photo
 * is IANA's `related`. Registered names as URIs with IANA's prefix, as RFC 4287 §4.2.7.2 writes them.
 */
export const NINJS_REL = {
  source: 'http://cv.iptc.org/newscodes/itemrelation/derivedFrom',
  translation: 'http://www.iana.org/assignments/relation/alternate',
  photo: 'http://www.iana.org/assignments/relation/related',
} as const;

/**
 * The newsItem's QCodes as URIs (ninjs has no catalog): `geonames:` as IPTC catalog v40 expands it
 * (newsml/build.ts), `iso3166-1a2:` as IPTC's ninjs 3.1 example 005 writes a country.
 */
const GEONAMES = 'http://sws.geonames.org/';
const ISO3166 = 'http://cvx.iptc.org/iso3166-1a2/';

/**
 * Pure: one language version of a story as a ninjs 3.1 object. `uri` is the version's NewsML-G2
 * guid (`urn:newsml:…`), so a partner taking both formats sees one item; it never changes between
 * versions, and `version` is the same item version as the newsItem's.
 */
export function buildNinjsItem(item: LocalizedItem): Ninjs.Item {
  const kill = item.pubStatus === 'canceled';
  const subjects = item.subjects.map((s) => ({ uri: s.uri, literal: s.qcode, ...(s.label !== s.qcode ? { name: s.label } : {}) }));
  const infoSources = buildInfoSources(item);
  const associations = buildAssociations(item, kill);
  return {
    uri: item.newsmlGuid,
    standard: STANDARD,
    type: 'text',
    version: String(item.itemVersion),
    versionCreated: toRfc3339(item.updated),
    firstCreated: toRfc3339(item.firstCreated),
    // NewsML-G2 `contentCreated` too: when the newsroom published the story.
    contentCreated: toRfc3339(item.published),
    ...(item.embargoedUntil ? { embargoedUntil: toRfc3339(item.embargoedUntil) } : {}),
    pubStatus: item.pubStatus,
    // ninjs has no signal: a correction is a new version whose edNote says what was corrected, and
    // a kill is `canceled` with an edNote telling editors what to do (NewsML-G2 notes §4).
    ...(item.edNote ? { edNote: item.edNote } : {}),
    language: item.language.tag,
    // One slugline for every language version, as in the newsItem.
    slugline: item.sourceSlug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: item.headline }],
    // `drol:summary`, the description role the newsItem gives the same text.
    descriptions: [{ role: 'summary', contentType: 'text/plain', value: item.summary }],
    // The one author rule (`LocalizedItem.creators`): the byline, else the provider.
    by: item.creators.map((c) => c.name).join(' · '),
    ...(item.located.name ? { located: item.located.name } : {}),
    // A kill sends no body, as the newsItem does (a partner that ingests blindly cannot republish it).
    ...(kill ? {} : { bodies: [buildBodyHtml(item)] }),
    ...(subjects.length > 0 ? { subjects } : {}),
    places: buildPlaces(item),
    ...(infoSources.length > 0 ? { infoSources } : {}),
    copyrightHolder: item.provider.name,
    copyrightNotice: item.rights,
    ...(associations.length > 0 ? { associations } : {}),
  };
}

/** Pure: the latest items, in the order given. */
export function buildNinjsLatest(_view: NinjsLatestView, items: Ninjs.Item[]): Ninjs.Latest {
  return { items };
}

/**
 * The shared body tree as HTML: the `div` carries `lang` and `dir`, Latin runs in right-to-left
 * text are marked. No figure (the photo is an association) and no credits (`by`, `infoSources`).
 */
function buildBodyHtml(item: LocalizedItem): Ninjs.Body {
  return { role: 'main', contentType: 'text/html', value: toHtml(buildBody(item, { image: false, credits: false, correction: false })) };
}

/** Where the story comes from, as the newsItem's `located`: the GeoNames place, and its country. */
function buildPlaces(item: LocalizedItem): Ninjs.Place[] {
  const { located } = item;
  return [
    ...(located.geonamesId ? [{ ...(located.name ? { name: located.name } : {}), uri: `${GEONAMES}${located.geonamesId}`, literal: `geonames:${located.geonamesId}` }] : []),
    // The country, as IPTC's own ninjs 3.1 example 005 writes one (`http://cvx.iptc.org/iso3166-1a2/it`).
    { uri: `${ISO3166}${located.countryCode}`, literal: `iso3166-1a2:${located.countryCode}` },
  ];
}

/** Editors and translators, with the newsItem's contributor role IRIs. Authors are `by`. */
function buildInfoSources(item: LocalizedItem): Ninjs.InfoSource[] {
  const contributors = item.contributors.filter((c) => c.role !== 'author');
  const translator = item.translation && !contributors.some((c) => c.name === item.translation!.by) ? [item.translation.by] : [];
  return [...contributors.map((c) => ({ name: c.name, role: roleUri(c.role) })), ...translator.map((name) => ({ name, role: roleUri('translator') }))];
}

/**
 * The photo, then every other language version (registry order). They carry only what identifies
 * them, named by endonym: every output shows only its own language's words, so editing one
 * translation never changes another language's ninjs.
 */
function buildAssociations(item: LocalizedItem, kill: boolean): Ninjs.Association[] {
  const { image } = item;
  const lang = item.language.tag;
  const photo: Ninjs.Association[] =
    // A kill takes the photo back with the text.
    image && !kill
      ? [
          {
            // `photo`, as IPTC's associations example (003) names a story's picture.
            name: 'photo',
            rel: NINJS_REL.photo,
            // The picture has no identifier but its address (IPTC's example 003 does the same).
            uri: image.url,
            type: 'picture',
            representationType: 'partial',
            // The caption and alternative text are in this item's language.
            language: lang,
            by: image.credit,
            descriptions: [
              ...(image.caption ? [{ role: 'caption' as const, contentType: 'text/plain' as const, value: image.caption }] : []),
              // IPTC Photo Metadata's "Alt Text (Accessibility)"; no IPTC description-role code for it was found.
              { role: 'alternativeText', contentType: 'text/plain', value: image.alt },
            ],
            renditions: [{ name: 'main', href: image.url, contentType: image.mediaType, width: image.width, height: image.height }],
          },
        ]
      : [];
  const sourceTag = item.translation?.from.tag;
  return [
    ...photo,
    ...item.alternates.map((a) => ({
      name: a.language.endonym,
      rel: a.language.tag === sourceTag ? NINJS_REL.source : NINJS_REL.translation,
      uri: a.newsmlGuid,
      type: 'text' as const,
      representationType: 'partial' as const,
      language: a.language.tag,
    })),
  ];
}

import { NEWSML_FORMATS } from '../formats/registry.js';
import { WAITS_PER_PARTNER } from '../partners/long-poll.js';
import { headers, json, PARTNER_SECURITY, problem, RATE_LIMIT, refused, schemaRef, type HeaderName, type Methods } from './parts.js';
import { storyIdSchema } from './schemas.js';
import type { OpenApi } from './types.js';

/*
 * The partner API (src/http/routes/partner.ts): NewsML-G2 and ninjs by API key, each partner
 * seeing only its languages and (unless entitled) no item before its embargo lifts; every request
 * counts against its quota, and every answer after the key is known carries the RateLimit headers.
 */

const TAG = 'partners';

/** `components/responses` of the partner API. */
export const PARTNER_RESPONSES: Record<string, OpenApi.Response> = {
  PartnerUnauthorized: problem(401, 'No partner key, or one that is not known.', headers('PartnerAuthenticate')),
  QuotaExceeded: problem(429, 'The quota of requests a minute is used up (requestsPerMinute): wait Retry-After seconds.', headers('RetryAfter', ...RATE_LIMIT), ['requestsPerMinute']),
  PartnerMethodNotAllowed: problem(405, 'Allowed: GET, HEAD.', headers('ReadOnlyAllow', ...RATE_LIMIT)),
};
const response = (name: string): OpenApi.Ref => ({ $ref: `#/components/responses/${name}` });

/** What every partner operation may answer besides its own. */
function partnerProblems(): Record<string, OpenApi.Ref> {
  return { 401: response('PartnerUnauthorized'), 429: response('QuotaExceeded') };
}

const notFound = (what: string) => problem(404, what, headers(...RATE_LIMIT));

/** A published document's 200 and 304: validators, caching, the quota. */
function published(description: string, content: Record<string, OpenApi.MediaType>, language: boolean): Record<string, OpenApi.Response> {
  const validators: HeaderName[] = ['ETag', 'LastModified', 'PartnerCacheControl', 'Vary', 'RequestId', ...RATE_LIMIT];
  const always: HeaderName[] = language ? [...validators, 'ContentLanguage'] : validators;
  return {
    200: { description, headers: headers(...always, 'ContentEncoding'), content },
    304: { description: 'Not modified: the If-None-Match (or If-Modified-Since) still matches. The validators as a 200 would have them (RFC 9110 §15.4.5).', headers: headers(...always) },
  };
}

function parameters(languages: readonly string[]): Record<string, OpenApi.Parameter> {
  return {
    lang: { name: 'lang', in: 'path', required: true, description: 'A language the partner is entitled to. Any other (not entitled, or unknown) is a 404 whose supportedLanguages lists the partner’s own.', schema: { type: 'string', enum: [...languages] } },
    id: { name: 'id', in: 'path', required: true, description: 'The story’s id.', schema: storyIdSchema(languages) },
    version: { name: 'version', in: 'query', required: false, description: 'The language version’s item version (1, 2, …); the latest without it. Anything but a positive integer is a 400.', schema: { type: 'integer', minimum: 1 } },
    ifNoneMatch: { name: 'If-None-Match', in: 'header', required: false, description: 'The ETag you have: 304 while it is current (weak comparison, RFC 9110 §13.1.2).', schema: { type: 'string' } },
    ifModifiedSince: { name: 'If-Modified-Since', in: 'header', required: false, description: 'Used only without If-None-Match: 304 when nothing changed since (whole seconds).', schema: { type: 'string' } },
  };
}

/** The partner paths, by OpenAPI path template. */
export function buildPartnerPaths(languages: readonly string[]): Record<string, OpenApi.PathItem> {
  const p = parameters(languages);
  const conditional = [p.ifNoneMatch!, p.ifModifiedSince!];
  const readOnly = (id: string): Methods => refused(id, TAG, ['get'], PARTNER_SECURITY, partnerProblems(), response('PartnerMethodNotAllowed'));
  const get = (operation: Omit<OpenApi.Operation, 'tags' | 'security'>): OpenApi.Operation => ({ ...operation, tags: [TAG], security: PARTNER_SECURITY, responses: { ...partnerProblems(), ...operation.responses } });
  const unknownLanguage = notFound('The language is unknown or the partner is not entitled to it (the same answer for both): supportedLanguages lists its own.');
  return {
    '/newsml/account': {
      get: get({
        operationId: 'getPartnerAccount',
        summary: 'The partner’s own entitlements, quota and webhook state',
        responses: { 200: { description: 'The partner as configured, and its webhook’s delivery state from the store (the same from every replica).', headers: headers('RequestId', 'AccountCacheControl', ...RATE_LIMIT), content: json('Account') } },
      }),
      ...readOnly('PartnerAccount'),
    },
    '/newsml/{lang}/latest.xml': {
      parameters: [p.lang!],
      get: get({
        operationId: 'getNewsMessage',
        summary: 'A language’s latest items as one NewsML-G2 newsMessage',
        description: 'The latest items of that language the partner may see: embargoed ones (with `<embargoed>`) for partners entitled to them, left out until they lift for the others. Stable bytes for the same items, so a strong ETag.',
        parameters: conditional,
        responses: { ...published('The newsMessage.', { [NEWSML_FORMATS.message.mediaType]: { schema: schemaRef('NewsMessageXml') } }, true), 404: unknownLanguage },
      }),
      ...readOnly('NewsMessage'),
    },
    '/newsml/items/{id}/{lang}.xml': {
      parameters: [p.id!, p.lang!],
      get: get({
        operationId: 'getNewsItem',
        summary: 'One language version of a story as a NewsML-G2 newsItem',
        parameters: [p.version!, ...conditional],
        responses: {
          ...published('The newsItem, latest or of ?version.', { [NEWSML_FORMATS.item.mediaType]: { schema: schemaRef('NewsItemXml') } }, true),
          400: problem(400, 'A version that is not a positive integer: errors names ?version.', headers(...RATE_LIMIT), ['errors']),
          404: notFound('No such story, language version or item version; a language the partner is not entitled to; an item under embargo for a partner not entitled to embargoed items.'),
        },
      }),
      ...readOnly('NewsItem'),
    },
    '/newsml/packages/{id}.xml': {
      parameters: [p.id!],
      get: get({
        operationId: 'getPackageItem',
        summary: 'A story’s language versions grouped in a NewsML-G2 packageItem',
        description: 'Only the language versions the partner is entitled to.',
        parameters: conditional,
        responses: { ...published('The packageItem.', { [NEWSML_FORMATS.package.mediaType]: { schema: schemaRef('PackageItemXml') } }, false), 404: notFound('No such story, or none of its language versions is one the partner may see.') },
      }),
      ...readOnly('PackageItem'),
    },
    '/newsml/changes': {
      get: get({
        operationId: 'getChanges',
        summary: 'The partner’s own view of the change log, oldest first, 100 a page',
        description:
          'Its languages only; for a partner not entitled to embargoed items, no change made under embargo, and an `embargo-lifted` change when the embargo lifts (after every change it has already seen). Cursors are opaque strings: keep the `nextCursor` you were given and never compute one. ' +
          `With ?wait=S (1–30), a long-poll: the answer comes as soon as a change after ?since exists, or after S seconds with no changes; at most ${WAITS_PER_PARTNER} requests of one partner wait at once.`,
        parameters: [
          { name: 'since', in: 'query', required: false, description: 'A `nextCursor` this feed gave; "0" (the default) for the beginning. A malformed cursor, or one newer than the newest change, is a 400 whose newestCursor names the newest.', schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$', default: '0' } },
          { name: 'wait', in: 'query', required: false, description: 'Long-poll: wait up to this many seconds for a change after ?since. Any other value is a 400.', schema: { type: 'integer', minimum: 1, maximum: 30 } },
        ],
        responses: {
          200: { description: 'A page of changes; follow nextCursor while hasMore is true.', headers: headers('RequestId', 'PartnerCacheControl', ...RATE_LIMIT), content: json('ChangesPage') },
          400: problem(400, 'A bad ?since (malformed, or newer than the newest change: newestCursor names the newest) or a bad ?wait; errors names the parameter.', headers(...RATE_LIMIT), ['errors']),
          429: problem(429, `The quota is used up (requestsPerMinute), or ${WAITS_PER_PARTNER} long-polls of this partner are waiting already (waitingLimit): wait Retry-After seconds.`, headers('RetryAfter', ...RATE_LIMIT)),
        },
      }),
      ...readOnly('Changes'),
    },
    '/ninjs/{lang}/latest.json': {
      parameters: [p.lang!],
      get: get({
        operationId: 'getNinjsLatest',
        summary: 'A language’s latest items as ninjs 3.1',
        description: 'The same items as that language’s newsMessage, as the partner may see them (embargoed ones with embargoedUntil), published with it.',
        parameters: conditional,
        responses: { ...published('`{"items": [ninjs, …]}`.', json('NinjsLatest'), true), 404: unknownLanguage },
      }),
      ...readOnly('NinjsLatest'),
    },
    '/ninjs/items/{id}/{lang}.json': {
      parameters: [p.id!, p.lang!],
      get: get({
        operationId: 'getNinjsItem',
        summary: 'One language version of a story as a ninjs 3.1 object',
        parameters: [p.version!, ...conditional],
        responses: {
          ...published('The ninjs object, latest or of ?version.', json('NinjsItem'), true),
          400: problem(400, 'A version that is not a positive integer: errors names ?version.', headers(...RATE_LIMIT), ['errors']),
          404: notFound('No such story, language version or item version; a language the partner is not entitled to; an item under embargo for a partner not entitled to embargoed items.'),
        },
      }),
      ...readOnly('NinjsItem'),
    },
  };
}

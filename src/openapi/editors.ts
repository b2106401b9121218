import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../desk/articles.js';
import { TRANSLATION_STATUSES } from '../desk/translations.js';
import { rfc3339 } from '../formats/shared-schema.js';
import { MAX_BODY_BYTES } from '../http/deps.js';
import { MAX_MEDIA_BYTES } from '../media/catalog.js';
import { IMAGE_TYPES } from '../media/sniff.js';
import { EDITOR_SECURITY, headers, json, problem, refused, type Methods } from './parts.js';
import { storyIdSchema } from './schemas.js';
import type { OpenApi } from './types.js';

/*
 * The editors' API (src/http/routes/editor.ts, and the upload in media.ts): stories as canonical
 * JSON, by an editor's token. Writes answer `{id, version, pubStatus}` with the version as ETag;
 * a replace needs If-Match with the version it edited.
 */

const TAG = 'editors';

/** `components/responses` of the editors' API. */
export const EDITOR_RESPONSES: Record<string, OpenApi.Response> = {
  EditorUnauthorized: problem(401, 'No editor’s token, or one that is not known.', headers('EditorAuthenticate')),
  EditorsApiOff: problem(503, "The editors' API is off: no ROJNAME_ADMIN_TOKEN (nor ROJNAME_ADMIN_TOKENS) is set."),
};

/** What every editors' operation may answer besides its own. */
function editorProblems(): Record<string, OpenApi.Ref> {
  return { 401: { $ref: '#/components/responses/EditorUnauthorized' }, 503: { $ref: '#/components/responses/EditorsApiOff' } };
}

const invalid = (what: string) => problem(400, `${what} errors lists every problem ({pointer, message}, at most 100).`, {}, ['errors']);
const tooLarge = (limit: number) => problem(413, `The body is larger than ${limit} bytes (limitBytes). The service reads the rest of it first, then closes the connection.`, headers('Close'), ['limitBytes']);
const unsupported = (what: string) => problem(415, what);
const versionTag = { type: 'string', pattern: '^"[1-9][0-9]*"$' };

function written(status: 200 | 201, description: string, schema: string): OpenApi.Response {
  return { description, headers: status === 201 ? headers('RequestId', 'VersionETag', 'ArticleLocation') : headers('RequestId', 'VersionETag'), content: json(schema) };
}

/** The editors' paths, by OpenAPI path template. */
export function buildEditorPaths(languages: readonly string[]): Record<string, OpenApi.PathItem> {
  const id: OpenApi.Parameter = { name: 'id', in: 'path', required: true, description: 'The story’s id.', schema: storyIdSchema(languages) };
  const op = (operation: Omit<OpenApi.Operation, 'tags' | 'security'>): OpenApi.Operation => ({ ...operation, tags: [TAG], security: EDITOR_SECURITY, responses: { ...editorProblems(), ...operation.responses } });
  const only = (name: string, allowed: readonly OpenApi.Method[]): Methods => refused(name, TAG, allowed, EDITOR_SECURITY, editorProblems());
  const articleBody: OpenApi.RequestBody = {
    description: 'The story as canonical JSON (what GET returns may be sent back: the fields the server owns are optional and ignored). Every problem is reported at once, in words naming the field.',
    required: true,
    content: json('ArticleInput'),
  };
  const listed = (description: string, schema: string): OpenApi.Response => ({ description, headers: headers('RequestId', 'NoStore'), content: json(schema) });
  return {
    '/api/articles': {
      get: op({
        operationId: 'listArticles',
        summary: 'Every story, newest change first, filtered, a page at a time',
        description: 'Any other query parameter, or one given twice, is a 400 naming it (with the one probably meant).',
        parameters: [
          { name: 'language', in: 'query', required: false, description: 'Only stories that have this language.', schema: { type: 'string', enum: [...languages] } },
          { name: 'status', in: 'query', required: false, description: 'Only stories whose latest version has this status.', schema: { type: 'string', enum: ['usable', 'withheld', 'canceled'] } },
          { name: 'since', in: 'query', required: false, description: 'Only stories changed at or after this time (RFC 3339 with an offset).', schema: rfc3339 },
          { name: 'cursor', in: 'query', required: false, description: 'The nextCursor of the previous page (opaque).', schema: { type: 'string', minLength: 1 } },
          { name: 'limit', in: 'query', required: false, description: `Stories a page (1–${MAX_LIST_LIMIT}).`, schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT, default: DEFAULT_LIST_LIMIT } },
        ],
        responses: { 200: listed('A page of stories; nextCursor is null on the last.', 'ArticleList'), 400: invalid('A bad, repeated or unknown parameter:') },
      }),
      post: op({
        operationId: 'createArticle',
        summary: 'Create a story',
        requestBody: articleBody,
        responses: {
          201: written(201, 'Created: the story is version 1.', 'WriteReceipt'),
          400: invalid('The story is invalid (or not JSON):'),
          409: problem(409, 'A story with this id exists already.'),
          413: tooLarge(MAX_BODY_BYTES),
          415: unsupported('The body is not sent as application/json.'),
        },
      }),
      ...only('Articles', ['get', 'post']),
    },
    '/api/articles/{id}': {
      parameters: [id],
      get: op({
        operationId: 'getArticle',
        summary: 'A story’s latest version as canonical JSON',
        parameters: [{ name: 'If-None-Match', in: 'header', required: false, description: 'The ETag you have: 304 while the story is still at that version.', schema: { type: 'string' } }],
        responses: {
          200: { description: 'The story; its ETag is its version.', headers: headers('RequestId', 'NoStore', 'VersionETag'), content: json('Article') },
          304: { description: 'The story is still at the version If-None-Match names.', headers: headers('RequestId', 'VersionETag') },
          404: problem(404, 'No such story.'),
        },
      }),
      put: op({
        operationId: 'replaceArticle',
        summary: 'Replace a story with a new version',
        parameters: [{ name: 'If-Match', in: 'header', required: true, description: 'The version you edited, as its ETag ("3"). Without it 428; a malformed one or one that is not the current version 412.', schema: versionTag }],
        requestBody: articleBody,
        responses: {
          200: written(200, 'Replaced: the story’s new version.', 'WriteReceipt'),
          400: invalid('The story is invalid (or not JSON, or names another id):'),
          404: problem(404, 'No such story.'),
          409: problem(409, 'The story was killed; a killed story stays killed.'),
          412: problem(412, 'If-Match is malformed, or names a version that is not the current one (currentVersion, and the current version as ETag).', headers('CurrentVersionETag')),
          413: tooLarge(MAX_BODY_BYTES),
          415: unsupported('The body is not sent as application/json.'),
          428: problem(428, 'No If-Match: send the version you edited.'),
        },
      }),
      delete: op({
        operationId: 'killArticle',
        summary: 'Kill a story (pubStatus canceled)',
        description: 'Gone from the public feeds; a kill in the change feed. Killing a killed story answers it as it is.',
        parameters: [{ name: 'If-Match', in: 'header', required: false, description: 'The version you mean to kill, as its ETag; a malformed one, or one that is not current, is a 412.', schema: versionTag }],
        responses: {
          200: written(200, 'Killed: the story’s new version.', 'WriteReceipt'),
          404: problem(404, 'No such story.'),
          412: problem(412, 'If-Match is malformed, or not the current version.', headers('CurrentVersionETag')),
        },
      }),
      ...only('Article', ['get', 'put', 'delete']),
    },
    '/api/articles/{id}/versions': {
      parameters: [id],
      get: op({
        operationId: 'listArticleVersions',
        summary: 'Every version of a story, oldest first, with who wrote it',
        responses: { 200: listed('The versions.', 'VersionList'), 404: problem(404, 'No such story.') },
      }),
      ...only('ArticleVersions', ['get']),
    },
    '/api/translations': {
      get: op({
        operationId: 'listTranslations',
        summary: 'The desk’s translation status of the newest stories',
        description: 'Computed when asked, never stored. A wrong or repeated status, or any other parameter, is a 400 listing each.',
        parameters: [{ name: 'status', in: 'query', required: false, description: 'Only translations with this status.', schema: { type: 'string', enum: [...TRANSLATION_STATUSES] } }],
        responses: { 200: listed('Every translation of the newest stories (newest first, then in language order).', 'TranslationList'), 400: invalid('A bad, repeated or unknown parameter:') },
      }),
      ...only('Translations', ['get']),
    },
    '/api/import': {
      post: op({
        operationId: 'importWireCopy',
        summary: 'Create a story from plain-text wire copy',
        parameters: [
          { name: 'lang', in: 'query', required: true, description: 'The language of the copy.', schema: { type: 'string', enum: [...languages] } },
          { name: 'published', in: 'query', required: true, description: 'When the story ran (RFC 3339 with an offset).', schema: rfc3339 },
          { name: 'providerUri', in: 'query', required: true, description: 'The provider’s home page (http or https).', schema: { type: 'string', format: 'uri' } },
          { name: 'id', in: 'query', required: false, description: 'The story’s id; made from the date and headline without it.', schema: storyIdSchema(languages) },
          { name: 'provider', in: 'query', required: false, description: 'The provider’s name.', schema: { type: 'string', minLength: 1 } },
          { name: 'country', in: 'query', required: false, description: 'ISO 3166-1 alpha-2 code of where the story happened, when the dateline does not say.', schema: { type: 'string' } },
          { name: 'subject', in: 'query', required: false, description: 'IPTC Media Topic codes (medtop:NNNNNNNN), repeated.', style: 'form', explode: true, schema: { type: 'array', items: { type: 'string' } } },
        ],
        requestBody: { description: 'The wire copy: headline, dateline and paragraphs, a trailer naming who wrote it.', required: true, content: { 'text/plain': { schema: { type: 'string' } } } },
        responses: {
          201: written(201, 'Created, with the importer’s notes on what it could not use.', 'ImportReceipt'),
          400: invalid('A required parameter is missing, or the copy or a parameter is invalid:'),
          409: problem(409, 'A story with this id exists already.'),
          413: tooLarge(MAX_BODY_BYTES),
          415: unsupported('The body is not text/plain in UTF-8.'),
        },
      }),
      ...only('Import', ['post']),
    },
    '/api/media': {
      post: op({
        operationId: 'uploadMedia',
        summary: 'Upload a picture for stories to use',
        description: 'Its bytes are checked against their own magic numbers and header; kept once per SHA-256, at a URL made of it.',
        requestBody: { description: 'The picture’s bytes, with its Content-Type.', required: true, content: Object.fromEntries(Object.keys(IMAGE_TYPES).map((type) => [type, {}])) },
        responses: {
          200: { description: 'The same bytes were uploaded before: the same URL, nothing new.', headers: headers('RequestId', 'MediaLocation', 'NoStore'), content: json('MediaReceipt') },
          201: { description: 'Kept: where it is served, its type and size.', headers: headers('RequestId', 'MediaLocation', 'NoStore'), content: json('MediaReceipt') },
          400: invalid('The bytes are not a picture of its declared type, or too large a picture:'),
          413: tooLarge(MAX_MEDIA_BYTES),
          415: unsupported(`The Content-Type is not one of ${Object.keys(IMAGE_TYPES).join(', ')}.`),
        },
      }),
      ...only('Media', ['post']),
    },
  };
}

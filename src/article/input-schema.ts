import type { SchemaObject } from 'ajv';
import { buildArticleSchema } from './schema.js';

/** Fields the store owns: a writer may send them (what GET returns is accepted back), the store sets them. */
export const SERVER_OWNED_FIELDS = ['version', 'firstCreated', 'versionCreated'] as const;

const OWNED = 'Owned by the server: optional on input and ignored (the store sets it), so what GET returns can be sent back.';

/**
 * The article as editors write it (POST and PUT /api/articles, `schemas/article-input.schema.json`):
 * the stored schema with the server-owned fields (`version`, `firstCreated`, `versionCreated`, and
 * each localization's `correctedAt`) optional and described as ignored. Every other rule is the
 * stored schema's, so a document valid here is one the API stores (cross-field rules aside, such as
 * a `translation.from` that names a version the story has).
 */
export function buildArticleInputSchema(languageTags: readonly string[]): SchemaObject {
  // A deep copy: the stored schema is built fresh, but its parts are shared constants.
  const stored = structuredClone(buildArticleSchema(languageTags)) as unknown as SchemaObject;
  const properties = stored.properties as Record<string, SchemaObject>;
  for (const field of SERVER_OWNED_FIELDS) properties[field] = { ...properties[field], description: OWNED };
  const localization = (properties.localizations as { additionalProperties: SchemaObject }).additionalProperties;
  const locProperties = localization.properties as Record<string, SchemaObject>;
  locProperties.correctedAt = { ...locProperties.correctedAt, description: `${OWNED} Set from the version that set the correction text.` };
  return {
    ...stored,
    $id: 'https://rojname.example/schemas/article-input.schema.json',
    title: 'rojname article, as written to POST and PUT /api/articles',
    description: 'The canonical article (schemas/article.schema.json) as a writer sends it: the server-owned fields may be left out, and are ignored when sent.',
    required: (stored.required as string[]).filter((f) => !(SERVER_OWNED_FIELDS as readonly string[]).includes(f)),
  };
}

import { buildArticleSchema } from '../article/schema.js';
import { defaultLanguages } from '../i18n/languages.js';

const dir = new URL('../../schemas/', import.meta.url).pathname;

/** Every schema published under schemas/, generated from the typed source of truth. */
export const SCHEMA_FILES: { path: string; schema: object }[] = [
  { path: `${dir}article.schema.json`, schema: buildArticleSchema(defaultLanguages.tags) },
];

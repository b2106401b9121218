import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { compileChecker } from '../validate/ajv.js';
import type { ArticleInput, Block, Translation } from './types.js';
import { importWireCopy, type ImportNote } from './wirecopy.js';

/**
 * The demo story as translators edit it: `en.txt` (the wire copy), `story.json` (what wire copy
 * does not carry) and one `<lang>.json` per translation.
 */
export const SAMPLE_DIR = new URL('../../content/sample/', import.meta.url).pathname;

export interface StoryManifest {
  id: string;
  published: string;
  sourceLanguage: string;
  provider: { name: string; uri: string };
  countryCode: string;
  geonamesId?: number;
  subjects: string[];
  image?: { url: string; mediaType: string; width: number; height: number; alt: string };
}

/** One translation of the story, in the shape a translator edits. */
export interface TranslationFile {
  language: string;
  headline: string;
  summary: string;
  dateline: string;
  slug: string;
  placeName: string;
  imageCaption: string;
  imageAlt: string;
  body: Block[];
  translation: Translation;
}

const str = { type: 'string' } as const;
const translationFileSchema: JSONSchemaType<TranslationFile> = {
  type: 'object',
  additionalProperties: false,
  required: ['language', 'headline', 'summary', 'dateline', 'slug', 'placeName', 'imageCaption', 'imageAlt', 'body', 'translation'],
  properties: {
    language: str,
    headline: str,
    summary: str,
    dateline: str,
    slug: str,
    placeName: str,
    imageCaption: str,
    imageAlt: str,
    body: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'text'],
        properties: { type: { type: 'string', enum: ['paragraph', 'quote', 'heading'] }, text: str, cite: { ...str, nullable: true } },
      },
    },
    translation: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'fromVersion', 'by'],
      properties: { from: str, fromVersion: { type: 'integer' }, by: str },
    },
  },
};

const manifestSchema: JSONSchemaType<StoryManifest & { $comment?: string }> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'published', 'sourceLanguage', 'provider', 'countryCode', 'subjects'],
  properties: {
    $comment: { ...str, nullable: true },
    id: str,
    published: str,
    sourceLanguage: str,
    provider: { type: 'object', additionalProperties: false, required: ['name', 'uri'], properties: { name: str, uri: str } },
    countryCode: str,
    geonamesId: { type: 'integer', nullable: true },
    subjects: { type: 'array', items: str },
    image: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['url', 'mediaType', 'width', 'height', 'alt'],
      properties: { url: str, mediaType: str, width: { type: 'integer' }, height: { type: 'integer' }, alt: str },
    },
  },
};

const checkTranslationFile = compileChecker<TranslationFile>('translation file', translationFileSchema);
const checkManifest = compileChecker<StoryManifest>('story.json', manifestSchema);

/** Builds the canonical sample article (not yet stored) from a content folder. */
export function loadSampleArticle(dir: string = SAMPLE_DIR): { article: ArticleInput; notes: ImportNote[] } {
  const manifest = checkManifest(readJson(join(dir, 'story.json')));
  const source = manifest.sourceLanguage;
  const { article, notes } = importWireCopy(readFileSync(join(dir, `${source}.txt`), 'utf8'), {
    language: source,
    published: manifest.published,
    id: manifest.id,
    providerUri: manifest.provider.uri,
    providerName: manifest.provider.name,
    countryCode: manifest.countryCode,
    subjects: manifest.subjects.map((code) => ({ code })),
    ...(manifest.image ? { image: { ...manifest.image, mediaType: manifest.image.mediaType as 'image/jpeg' } } : {}),
  });
  if (manifest.geonamesId) article.located.geonamesId = manifest.geonamesId;

  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'story.json').sort()) {
    const t = checkTranslationFile(readJson(join(dir, file)));
    article.localizations[t.language] = {
      headline: t.headline,
      summary: t.summary,
      dateline: t.dateline,
      slug: t.slug,
      body: t.body,
      translation: t.translation,
    };
    article.located.name[t.language] = t.placeName;
    for (const image of article.images) {
      image.caption[t.language] = t.imageCaption;
      image.alt[t.language] = t.imageAlt;
    }
  }
  return { article, notes: notes.filter((n) => !n.message.startsWith('no subjects')) };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

import { createHash } from 'node:crypto';
import type { ArticleStore } from '../store/store.js';
import { ValidationError } from '../validate/problems.js';
import { toReceipt, type MediaReceipt } from './catalog.js';
import { IMAGE_TYPES, ImageError, sniffImage, type ImageType } from './sniff.js';

/**
 * Checks a picture against its own bytes and keeps it in the store, once per SHA-256: the type
 * their magic numbers say (which must be `declared`, when the sender declared one) and the size
 * read from the header. `created` is false when the same bytes were kept before (the same URL
 * again). A `ValidationError` whose one problem says, after `where` ("the body", a file name), why not.
 */
export async function storeUpload(store: Pick<ArticleStore, 'getMedia' | 'putMedia'>, body: Buffer, options: { declared?: ImageType; where: string }): Promise<{ receipt: MediaReceipt; created: boolean }> {
  let facts;
  try {
    facts = sniffImage(body);
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    throw new ValidationError('picture', [{ pointer: '', message: `${options.where} ${error.message}` }]);
  }
  if (options.declared !== undefined && facts.type !== options.declared) {
    throw new ValidationError('picture', [{ pointer: '', message: `${options.where} is a ${IMAGE_TYPES[facts.type].name} image, not ${options.declared} as its Content-Type says` }]);
  }
  const sha256 = createHash('sha256').update(body).digest('hex');
  const before = await store.getMedia(sha256);
  const info = before ?? (await store.putMedia({ sha256, type: facts.type, width: facts.width, height: facts.height, body }));
  return { receipt: toReceipt(info), created: !before };
}

/** Whether `type` is one the editors' API takes. */
export function isImageType(type: string): type is ImageType {
  return Object.hasOwn(IMAGE_TYPES, type);
}

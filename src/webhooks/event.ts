import type { JSONSchemaType } from 'ajv';
import { buildChangeEntry, changeEntryProperties, changeEntryRequired, type ChangeEntry } from '../formats/changes.js';
import { defineFormat } from '../formats/format.js';
import { absoluteUrl, rfc3339 } from '../formats/shared-schema.js';
import { encodePathSegment } from '../i18n/urls.js';
import type { Change } from '../store/store.js';

/** What one webhook announces: a change a partner may see. */
export interface WebhookEventView {
  baseUrl: string;
  change: Change;
}

/** The body of a webhook POST (Standard Webhooks' `type`, `timestamp`, `data`). */
export interface WebhookEvent {
  type: 'item.changed';
  /** RFC 3339: when the change happened (the same on every attempt, so the body never changes). */
  timestamp: string;
  /** The change exactly as `/newsml/changes` shows it, and where to fetch that version. */
  data: ChangeEntry & { newsml: string; ninjs: string };
}

export const webhookEventSchema: JSONSchemaType<WebhookEvent> = {
  $id: 'https://rojname.example/schemas/webhook-event.schema.json',
  title: 'Partner webhook event (POST to the partner\'s webhook URL)',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'timestamp', 'data'],
  properties: {
    type: { type: 'string', const: 'item.changed' },
    timestamp: rfc3339,
    data: {
      type: 'object',
      additionalProperties: false,
      required: [...changeEntryRequired, 'newsml', 'ninjs'],
      properties: { ...changeEntryProperties, newsml: absoluteUrl, ninjs: absoluteUrl },
    },
  },
};

export function buildWebhookEvent({ baseUrl, change }: WebhookEventView): WebhookEvent {
  const entry = buildChangeEntry(baseUrl, change);
  const base = baseUrl.replace(/\/+$/, '');
  const ninjs = `${base}/ninjs/items/${encodePathSegment(change.articleId)}/${encodePathSegment(change.language)}.json?version=${change.itemVersion}`;
  return { type: 'item.changed', timestamp: change.at, data: { ...entry, newsml: entry.url, ninjs } };
}

/** Checked against its schema before it is sent, as every other output is. */
export const webhookEventFormat = defineFormat<WebhookEventView, WebhookEvent>({
  id: 'webhook-event',
  mediaType: 'application/json',
  file: 'webhook-event.json',
  schema: webhookEventSchema,
  build: buildWebhookEvent,
  serialize: (event) => JSON.stringify(event),
});

import { DELIVERY_DEFAULTS } from '../webhooks/deliverer.js';
import { json } from './parts.js';
import type { OpenApi } from './types.js';

/*
 * OpenAPI 3.1 `webhooks`: what the service POSTs to a partner's webhook URL (src/webhooks/), per
 * the Standard Webhooks spec: the body, its three headers, and what the service does with the
 * receiver's answer.
 */

const hours = DELIVERY_DEFAULTS.giveUpAfterMs / 3_600_000;
const seconds = DELIVERY_DEFAULTS.timeoutMs / 1000;

export function buildWebhooks(): Record<string, OpenApi.PathItem> {
  const retried = (what: string): OpenApi.Response => ({ description: `${what}: retried with exponential backoff and jitter (honouring Retry-After) for ${hours} h, with the same webhook-id.` });
  return {
    'item.changed': {
      post: {
        operationId: 'itemChanged',
        tags: ['webhooks'],
        summary: 'A change the partner may see (pushed to its webhook URL)',
        description:
          'Every change the partner is entitled to, as its change feed shows it, with where to fetch that version in NewsML-G2 and ninjs. At least once, per partner in change order: pending deliveries are kept in the store, so a restart loses none. ' +
          'Verify the signature before trusting the body: HMAC-SHA256 under the base64-decoded secret (after "whsec_") of `${webhook-id}.${webhook-timestamp}.${body}`, base64, compared with each `v1,` signature; drop a webhook-id you have processed already (a retry reuses it).',
        security: [],
        parameters: [
          { name: 'webhook-id', in: 'header', required: true, description: 'The same on every attempt of one change to one partner: deduplicate by it.', schema: { type: 'string', pattern: '^msg_[\\w.-]+_[1-9][0-9]*$' } },
          { name: 'webhook-timestamp', in: 'header', required: true, description: 'When this attempt was signed, in whole seconds since the epoch: refuse one far from your clock.', schema: { type: 'string', pattern: '^[1-9][0-9]*$' } },
          { name: 'webhook-signature', in: 'header', required: true, description: '`v1,` and the base64 HMAC-SHA256 signature (Standard Webhooks).', schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/]{43}=$' } },
        ],
        requestBody: { description: 'The event: type, timestamp (when the change happened, the same on every attempt) and the change.', required: true, content: json('WebhookEvent') },
        responses: {
          '2XX': { description: 'Delivered: the next change follows.' },
          '408': retried('Request timeout'),
          '429': retried('Too many requests'),
          '5XX': retried(`A server error (as are a network error and no answer within ${seconds} s)`),
          default: { description: 'Any other status (a redirect is not followed): refused; recorded, and not sent again.' },
        },
      },
    },
  };
}

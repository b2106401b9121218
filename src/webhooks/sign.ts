import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/, "Signature scheme"): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 under the secret's bytes
 * (the base64 after `whsec_`), sent as `v1,<base64 signature>`. Ten lines of node:crypto do it,
 * so no dependency: the receiver's own Standard Webhooks library verifies what this sends.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${signature}`;
}

/** The headers of one attempt: the same id on every retry, the timestamp and signature of this attempt. */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}

/**
 * A delivery's `webhook-id`, derived from the partner and the change-log position, so every attempt
 * of one change to one partner carries the same id, from whichever process or replica, before and
 * after a restart: a receiver that keeps the ids it has processed drops the duplicates.
 */
export function webhookId(partner: string, seq: number): string {
  return `msg_${partner}_${seq}`;
}

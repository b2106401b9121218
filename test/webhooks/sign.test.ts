import { describe, expect, it } from 'vitest';
import { signWebhook, webhookHeaders, webhookId } from '../../src/webhooks/sign.js';
import { verifySignature } from './receiver.js';

describe('Standard Webhooks signatures', () => {
  it("reproduces the specification's test vector", () => {
    // The vector every Standard Webhooks library tests against.
    const value = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(value).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
  it('sends the id, the timestamp and a signature the receiver verifies, and one that fails for another body', () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const headers = webhookHeaders(secret, 'msg_ap_7', 1_700_000_000, '{"a":1}');
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'msg_ap_7', 'webhook-timestamp': '1700000000' });
    expect(verifySignature(secret, 'msg_ap_7', '1700000000', '{"a":1}', headers['webhook-signature']!)).toBe(true);
    expect(verifySignature(secret, 'msg_ap_7', '1700000000', '{"a":2}', headers['webhook-signature']!)).toBe(false);
    expect(verifySignature(secret, 'msg_ap_7', '1700000001', '{"a":1}', headers['webhook-signature']!)).toBe(false);
  });
  it('derives the webhook-id from the partner and the change, the same in every process', () => {
    expect([webhookId('ap', 12), webhookId('ap', 12), webhookId('afp', 12)]).toEqual(['msg_ap_12', 'msg_ap_12', 'msg_afp_12']);
  });
});

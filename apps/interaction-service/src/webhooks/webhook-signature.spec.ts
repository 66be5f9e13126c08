import { verifyWebhookSignature } from '@app/client';
import { newWebhookSecret, signWebhook } from './webhook-signature';

describe('signWebhook', () => {
  it('signs what the client library verifies, and nothing else', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'e1', type: 'match.formed', data: { user_ids: [3, 4] } });
    const header = signWebhook(secret, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body.replace('3', '5'))).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), header, body)).toBe(false);
  });

  it('makes a new 256-bit secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

import { createHmac } from 'node:crypto';
import { verifyWebhookSignature } from './webhooks';

const SECRET = 'whsec_test';
const BODY = '{"id":"e1","type":"match.formed","created_at":"2026-12-08T10:00:00.000Z","data":{"user_ids":[1,2]}}';
const NOW = Date.parse('2026-12-08T10:00:00Z');
const t = Math.floor(NOW / 1000);
const sign = (secret: string, body: string, at = t) =>
  `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;

describe('verifyWebhookSignature', () => {
  it('accepts the signature of the body under the secret', () => {
    expect(verifyWebhookSignature(SECRET, sign(SECRET, BODY), BODY, { nowMs: NOW })).toBe(true);
    expect(
      verifyWebhookSignature(SECRET, ` v1=${sign(SECRET, BODY).split('v1=')[1]}, t=${t}`, BODY, { nowMs: NOW }),
    ).toBe(true);
  });

  it('refuses another body, another secret, or no signature', () => {
    expect(verifyWebhookSignature(SECRET, sign(SECRET, BODY), BODY.replace('[1,2]', '[1,3]'), { nowMs: NOW })).toBe(
      false,
    );
    expect(verifyWebhookSignature(SECRET, sign('whsec_other', BODY), BODY, { nowMs: NOW })).toBe(false);
    expect(verifyWebhookSignature(SECRET, null, BODY, { nowMs: NOW })).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'v1=abc', BODY, { nowMs: NOW })).toBe(false);
    expect(verifyWebhookSignature(SECRET, `t=${t},v1=${'0'.repeat(64)}`, BODY, { nowMs: NOW })).toBe(false);
  });

  it('refuses a signature older (or newer) than the tolerance: a recorded delivery sent again', () => {
    const old = sign(SECRET, BODY, t - 301);
    expect(verifyWebhookSignature(SECRET, old, BODY, { nowMs: NOW })).toBe(false);
    expect(verifyWebhookSignature(SECRET, old, BODY, { nowMs: NOW, toleranceSeconds: 400 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, sign(SECRET, BODY, t + 301), BODY, { nowMs: NOW })).toBe(false);
  });
});

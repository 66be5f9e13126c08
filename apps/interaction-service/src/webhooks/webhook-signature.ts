import { createHmac, randomBytes } from 'node:crypto';

/**
 * The signature of a delivery (X-Recsys-Signature): `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`. The time is signed with the body, so a receiver that refuses an old `t` cannot
 * be fed a recorded delivery again. libs/client's verifyWebhookSignature checks it.
 */
export function signWebhook(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** A new webhook's signing secret: 32 random bytes, shown to the admin once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

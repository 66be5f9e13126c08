/**
 * For a receiver of the product's webhooks: checks a delivery's X-Recsys-Signature
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`) against the webhook's secret, in
 * constant time, and refuses a delivery signed too long ago (a recorded one sent again).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type { WebhookEnvelope, WebhookEventType } from './webhook-types';

export interface VerifyOptions {
  /** How old a signature may be (default 300 s). */
  toleranceSeconds?: number;
  nowMs?: number;
}

/** True when `header` signs `rawBody` (the bytes as received, before any JSON parsing) under `secret`. */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string,
  { toleranceSeconds = 300, nowMs = Date.now() }: VerifyOptions = {},
): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d+$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowMs / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/**
 * When the client sends a request again, and how long it waits first. Pure, so the rules are
 * tested apart from any server.
 *
 * - 429 (rate limited): the gateway refused the request before doing anything, so any request
 *   may be sent again, after the Retry-After the gateway named.
 * - 503 (a backing service unavailable) and a failed connection: the request may or may not have
 *   been carried out, so only a request that is safe to repeat is sent again: a read, a PUT or
 *   DELETE (idempotent by HTTP's definition), or a POST with an Idempotency-Key (swipes: the
 *   gateway answers a repeat with the original).
 */

export interface RetryPolicy {
  /** Attempts in all, the first included (1: never retry). */
  attempts: number;
  /** Wait before the first retry when the server names none; doubles each time. */
  baseDelayMs: number;
  /** No wait is longer than this. A Retry-After beyond it is not waited for: the error is returned. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether sending `method` again cannot do the work twice. */
export function isRepeatable(method: string, headers: Headers): boolean {
  return SAFE_METHODS.has(method.toUpperCase()) || headers.has('idempotency-key');
}

/** What the last attempt gave: an HTTP status, or a connection that failed before any answer. */
export type Outcome = { status: number; retryAfter: string | null } | { failed: true };

/**
 * The wait (ms) before attempt `attempt + 1`, or null when the outcome is final: a success, a
 * client error, a server error other than 503, a request that is not safe to repeat, the last
 * attempt, or a Retry-After longer than the policy waits. `random` in [0, 1) spreads the retries
 * of many clients: the wait is drawn between half and all of the exponential backoff.
 */
export function retryDelay(
  outcome: Outcome,
  request: { method: string; headers: Headers },
  attempt: number,
  policy: RetryPolicy,
  random: number,
  nowMs = Date.now(),
): number | null {
  if (attempt >= policy.attempts) return null;
  const rateLimited = 'status' in outcome && outcome.status === 429;
  const unavailable = 'failed' in outcome || outcome.status === 503;
  if (!rateLimited && !(unavailable && isRepeatable(request.method, request.headers))) return null;
  const named = 'status' in outcome ? retryAfterMs(outcome.retryAfter, nowMs) : null;
  if (named !== null) return named <= policy.maxDelayMs ? named : null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random / 2));
}

/** A Retry-After header in ms: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its weekday and month; anything else (a negative number) is unreadable.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

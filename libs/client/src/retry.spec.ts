import { DEFAULT_RETRY_POLICY, isRepeatable, retryAfterMs, retryDelay, type RetryPolicy } from './retry';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };
const get = { method: 'GET', headers: new Headers() };
const post = { method: 'POST', headers: new Headers() };
const keyedPost = { method: 'POST', headers: new Headers({ 'Idempotency-Key': 'k-1' }) };
const status = (s: number, retryAfter: string | null = null) => ({ status: s, retryAfter });

describe('retryDelay', () => {
  it('never retries a success, a client error or a server error other than 503', () => {
    for (const s of [200, 201, 204, 400, 401, 403, 404, 409, 413, 500, 502, 504]) {
      expect(retryDelay(status(s), get, 1, policy, 0.5)).toBeNull();
    }
  });

  it('retries a 429 whatever the method: the gateway refused it before doing anything', () => {
    expect(retryDelay(status(429), post, 1, policy, 0.5)).not.toBeNull();
    expect(retryDelay(status(429), get, 1, policy, 0.5)).not.toBeNull();
  });

  it('retries a 503 or a failed connection only when the request is safe to repeat', () => {
    for (const outcome of [status(503), { failed: true as const }]) {
      expect(retryDelay(outcome, get, 1, policy, 0.5)).not.toBeNull();
      expect(retryDelay(outcome, keyedPost, 1, policy, 0.5)).not.toBeNull();
      expect(retryDelay(outcome, post, 1, policy, 0.5)).toBeNull();
    }
  });

  it('stops after the policy attempts', () => {
    expect(retryDelay(status(503), get, 3, policy, 0.5)).not.toBeNull();
    expect(retryDelay(status(503), get, 4, policy, 0.5)).toBeNull();
    expect(retryDelay(status(429), get, 1, { ...policy, attempts: 1 }, 0.5)).toBeNull();
  });

  it('backs off exponentially, between half and all of the doubled base, and caps the wait', () => {
    expect(retryDelay(status(503), get, 1, policy, 0)).toBe(50);
    expect(retryDelay(status(503), get, 1, policy, 0.999)).toBe(100);
    expect(retryDelay(status(503), get, 2, policy, 0)).toBe(100);
    expect(retryDelay(status(503), get, 3, policy, 0.999)).toBe(400);
    const late = retryDelay(status(503), get, 30, { ...policy, attempts: 40 }, 0.999)!;
    expect(late).toBeLessThanOrEqual(policy.maxDelayMs);
    expect(late).toBeGreaterThan(policy.maxDelayMs * 0.99);
  });

  it('waits what Retry-After names, and gives up when that is longer than the policy waits', () => {
    expect(retryDelay(status(429, '2'), post, 1, policy, 0.5)).toBe(2_000);
    expect(retryDelay(status(503, '1'), get, 1, policy, 0.5)).toBe(1_000);
    expect(retryDelay(status(429, '60'), post, 1, policy, 0.5)).toBeNull();
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-08T10:00:00Z');

  it('reads delta seconds and HTTP dates', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Tue, 08 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Tue, 08 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-1', now)).toBeNull();
  });
});

describe('isRepeatable', () => {
  it('holds for reads, PUT and DELETE, and a POST with an Idempotency-Key', () => {
    for (const m of ['GET', 'get', 'HEAD', 'PUT', 'DELETE']) expect(isRepeatable(m, new Headers())).toBe(true);
    expect(isRepeatable('POST', new Headers())).toBe(false);
    expect(isRepeatable('PATCH', new Headers())).toBe(false);
    expect(isRepeatable('POST', new Headers({ 'idempotency-key': 'x' }))).toBe(true);
  });

  it('the default policy retries a few times within seconds', () => {
    expect(DEFAULT_RETRY_POLICY.attempts).toBeGreaterThan(1);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeLessThanOrEqual(10_000);
  });
});

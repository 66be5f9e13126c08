import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { ADMIN, type ApiResponse, api, createUser, tokenFor } from '../support/api';
import {
  deleteRedisNamespace,
  type RedisHandle,
  startPrivateRedis,
  stopPrivateRedis,
  TEST_JWT_SECRET,
  waitFor,
} from '../support/infra';
import { type ExtraGateway, startGateway, stopApp } from '../support/stack';

/**
 * Rate limits at the gateway, shared by every replica through Redis: a budget per user and per
 * admin subject, a cost per route, 429 with Retry-After in the usual error shape, and what
 * happens when Redis is gone (fail open).
 */

const LOG_DIR = join(__dirname, '..', '..', 'tmp', 'e2e-logs');
/** This run's own Redis namespace: the keys of other runs and suites never count here. */
const PREFIX = `recsys-e2e-ratelimits-${process.pid}-${Date.now().toString(36)}:`;
const BUDGET = 10;
const LIMITS = {
  REDIS_KEY_PREFIX: PREFIX,
  RATE_LIMIT_PER_MINUTE: String(BUDGET),
  RATE_LIMIT_ADMIN_PER_MINUTE: String(BUDGET),
};

const remaining = (res: ApiResponse) => Number(res.headers.get('x-ratelimit-remaining'));
const adminToken = (sub: string) =>
  sign({ sub, role: 'admin' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

/** Asserts the refusal: 429, Retry-After within the minute, and the gateway's error body. */
function expectLimited(res: ApiResponse): void {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status: 429,
    body: {
      statusCode: 429,
      error: 'RATE_LIMITED',
      message: expect.stringMatching(/retry after \d+ s/),
      request_id: expect.any(String),
    },
  });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
}

describe('rate limits shared by gateway replicas', () => {
  let a: ExtraGateway;
  let b: ExtraGateway;

  beforeAll(async () => {
    [a, b] = await Promise.all([startGateway(LIMITS, LOG_DIR), startGateway(LIMITS, LOG_DIR)]);
  });

  afterAll(async () => {
    await Promise.all([a && stopApp(a.child), b && stopApp(b.child)]);
    await deleteRedisNamespace(PREFIX);
  });

  it('two gateways draw on one budget per user; over it, 429 with Retry-After on both', async () => {
    const [user, other] = [await createUser(), await createUser()];
    const read = (gateway: ExtraGateway, id = user.id) =>
      api('GET', `/api/v1/users/${id}`, { token: tokenFor(id), base: gateway.baseUrl });
    const left: number[] = [];
    for (let i = 0; i < BUDGET; i++) {
      const res = await read(i % 2 ? b : a);
      expect(res.status).toBe(200);
      left.push(remaining(res));
    }
    // One count across both processes: each gateway alone would have started again at 9.
    expect(left).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expectLimited(await read(a));
    expectLimited(await read(b));
    // Someone else's budget is untouched, on either gateway.
    expect((await read(a, other.id)).status).toBe(200);
    expect((await read(b, other.id)).status).toBe(200);
  });

  it('a request draws its route cost: a page of recommendations 5, similar users 2, rank 1 per 20 ids', async () => {
    const user = await createUser();
    const token = tokenFor(user.id);
    const base = `/api/v1/recommendations/users/${user.id}`;
    const steps: [string, () => Promise<ApiResponse>, number][] = [
      ['a read', () => api('GET', `/api/v1/users/${user.id}`, { token, base: a.baseUrl }), 9],
      ['recommendations', () => api('GET', `${base}/recommendations`, { token, base: b.baseUrl }), 4],
      [
        'rank of 40 ids',
        () =>
          api('POST', `${base}/rank`, {
            token,
            base: a.baseUrl,
            body: { candidate_ids: Array.from({ length: 40 }, (_, i) => i + 1) },
          }),
        2,
      ],
      ['similar', () => api('GET', `${base}/similar`, { token, base: b.baseUrl }), 0],
    ];
    for (const [what, call, left] of steps) {
      const res = await call();
      expect({ what, status: res.status, remaining: remaining(res) }).toEqual({ what, status: 200, remaining: left });
    }
    expectLimited(await api('GET', `/api/v1/users/${user.id}`, { token, base: a.baseUrl }));
  });

  it('a rank of 500 ids costs 25: more than a budget of 10, so it takes the whole budget', async () => {
    const user = await createUser();
    const token = tokenFor(user.id);
    const rank = await api('POST', `/api/v1/recommendations/users/${user.id}/rank`, {
      token,
      base: b.baseUrl,
      body: { candidate_ids: Array.from({ length: 500 }, (_, i) => i + 1) },
    });
    expect({ status: rank.status, remaining: remaining(rank) }).toEqual({ status: 200, remaining: 0 });
    expectLimited(await api('GET', `/api/v1/users/${user.id}`, { token, base: a.baseUrl }));
  });

  it('each admin subject has its own budget', async () => {
    const mark = Date.now().toString(36);
    const [first, second] = [adminToken(`backend-a-${mark}`), adminToken(`backend-b-${mark}`)];
    const list = (gateway: ExtraGateway, token: string) =>
      api('GET', '/api/v1/users/?limit=1', { token, base: gateway.baseUrl });
    for (let i = 0; i < BUDGET; i++) expect((await list(i % 2 ? a : b, first)).status).toBe(200);
    expectLimited(await list(a, first));
    expect((await list(b, second)).status).toBe(200);
    // The stack's own admin (another subject, another gateway without limits) is unaffected.
    expect((await api('GET', '/api/v1/users/?limit=1', { token: ADMIN() })).status).toBe(200);
  });
});

describe('when the rate limiter cannot reach Redis', () => {
  let redis: RedisHandle;
  let gateway: ExtraGateway;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    gateway = await startGateway({ ...LIMITS, REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '2' }, LOG_DIR);
  });

  afterAll(async () => {
    await Promise.all([gateway && stopApp(gateway.child), redis && stopPrivateRedis(redis)]);
  });

  it('lets requests through unchecked (fail open, never a 500), counts them and warns', async () => {
    const [limited, fresh] = [await createUser(), await createUser()];
    const read = (id: number) => api('GET', `/api/v1/users/${id}`, { token: tokenFor(id), base: gateway.baseUrl });
    // With Redis, the limit holds.
    expect([(await read(limited.id)).status, (await read(limited.id)).status]).toEqual([200, 200]);
    expectLimited(await read(limited.id));

    await stopPrivateRedis(redis);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await read(fresh.id)).status, (await read(limited.id)).status);
    expect(statuses).toEqual(Array(10).fill(200));

    const metrics = await api('GET', '/api/v1/health/metrics', { token: null, base: gateway.baseUrl });
    expect(metrics.status).toBe(200);
    expect(metrics.body.rate_limits.requests.failed_open).toBeGreaterThanOrEqual(10);
    expect(metrics.body.rate_limits.requests.refused).toBe(1);
    await waitFor(
      async () => {
        const { readFileSync } = await import('node:fs');
        const warned = readFileSync(join(LOG_DIR, 'gateway.log'), 'utf8')
          .split('\n')
          .some(
            (line) => line.includes(`"pid":${gateway.child.pid}`) && line.includes('requests not limited (fail open)'),
          );
        if (!warned) throw new Error('no fail-open warning logged yet');
      },
      5000,
      'the fail-open warning',
    );
  });
});

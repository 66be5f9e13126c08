import { readFileSync } from 'node:fs';
import { request } from 'node:http';
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
const AUTH_FAILURES = 3;
const LIMITS = {
  REDIS_KEY_PREFIX: PREFIX,
  RATE_LIMIT_PER_MINUTE: String(BUDGET),
  RATE_LIMIT_ADMIN_PER_MINUTE: String(BUDGET),
  AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES),
};

const remaining = (res: ApiResponse) => Number(res.headers.get('x-ratelimit-remaining'));
const adminToken = (sub: string) =>
  sign({ sub, role: 'admin' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

/** An answer from fetch (ApiResponse) or from node:http (rawPost). */
interface RawAnswer {
  status: number;
  body: ApiResponse['body'];
  headers: { get(name: string): string | null };
}

/** Asserts the refusal: 429, Retry-After within the minute, and the gateway's error body. */
function expectLimited(res: RawAnswer): void {
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

/**
 * A POST over node:http that sends `body` (a complete one only when no answer came to its headers
 * within 300 ms) and, unless `complete`, never finishes it (its
 * Content-Length promises 500 KB, within the 1 MB limit, so a server has to wait for the rest
 * rather than refuse it for its size): the answer, or null when none came within `waitMs`. A
 * server that reads bodies before answering cannot answer an unfinished one.
 */
function rawPost(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  options: { complete: boolean; waitMs: number },
): Promise<RawAnswer | null> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(options.complete ? Buffer.byteLength(body) : 500_000),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      resolve(null);
      req.destroy();
    }, options.waitMs);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        clearTimeout(timer);
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        const got = res.headers;
        resolve({ status: res.statusCode!, body: parsed, headers: { get: (n) => (got[n] as string) ?? null } });
        req.destroy();
      });
    });
    // The server may close the connection while the body is still on its way: that is the point.
    req.on('error', () => undefined);
    if (!options.complete) return void req.write(body);
    // A complete body follows its headers only if no answer came first: a server that answers
    // and closes while a large body is still arriving resets the connection, and the client can
    // lose the answer it had already been sent (seen once in CI under load).
    let answered = false;
    req.on('response', () => (answered = true));
    req.flushHeaders();
    setTimeout(() => (answered ? undefined : req.end(body)), 300);
  });
}

/** Two replicas of the gateway with small limits, sharing this run's namespace in the stack's Redis. */
let a: ExtraGateway;
let b: ExtraGateway;

beforeAll(async () => {
  [a, b] = await Promise.all([startGateway(LIMITS, LOG_DIR), startGateway(LIMITS, LOG_DIR)]);
});

afterAll(async () => {
  await Promise.all([a && stopApp(a.child), b && stopApp(b.child)]);
  await deleteRedisNamespace(PREFIX);
});

describe('rate limits shared by gateway replicas', () => {
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

describe('failed authentications per address, refused before the body is read', () => {
  // The gateways trust X-Forwarded-For from loopback (a proxy in front): each test is its own client.
  const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const BAD = { authorization: 'Bearer not-a-jwt' };
  const swipe = (user: { id: number }) => JSON.stringify({ target_user_id: user.id, interaction_type: 'like' });

  it('after the limit, from any replica: 429 with Retry-After even for a huge, malformed or unfinished body', async () => {
    const [target, self] = [await createUser(), await createUser()];
    const limited = { 'x-forwarded-for': address() };
    // The failures of one address add up across both gateways.
    for (let i = 0; i < AUTH_FAILURES; i++) {
      const res = await api('POST', '/api/v1/interactions/', {
        token: null,
        rawBody: swipe(target),
        headers: { ...BAD, ...limited },
        base: i % 2 ? b.baseUrl : a.baseUrl,
      });
      expect(res.status).toBe(401);
    }
    expectLimited(
      await api('GET', `/api/v1/users/${target.id}`, { token: null, headers: { ...BAD, ...limited }, base: b.baseUrl }),
    );
    expectLimited(await api('GET', `/api/v1/users/${target.id}`, { token: null, headers: limited, base: a.baseUrl }));

    // Bodies the parser would refuse (400, 413) are never parsed: the refusal comes first.
    const send = (gateway: ExtraGateway, body: string, complete: boolean, from: Record<string, string>) =>
      rawPost(gateway.baseUrl, '/api/v1/interactions/', { ...BAD, ...from }, body, {
        complete,
        waitMs: complete ? 10_000 : 3000,
      });
    const malformed = '{"target_user_id": 1, "interaction_type": ';
    const huge = JSON.stringify({
      target_user_id: target.id,
      interaction_type: 'like',
      context: { pad: 'x'.repeat(2_000_000) },
    });
    expectLimited((await send(a, malformed, true, limited))!);
    expectLimited((await send(b, huge, true, limited))!);
    // A body that never ends gets its answer all the same: nothing waited for it.
    expectLimited((await send(a, '{"target_user_id": 1, "context": {"pad": "', false, limited))!);

    // Control, from an address within its limit: the same requests are parsed first, as before.
    const fresh = { 'x-forwarded-for': address().replace('198.51.100.', '203.0.113.') };
    expect((await send(b, malformed, true, fresh))?.status).toBe(400);
    expect((await send(a, huge, true, fresh))?.status).toBe(413);
    expect(await send(b, '{"target_user_id": 1, "context": {"pad": "', false, fresh)).toBeNull();

    // A valid token from the refused address still passes: another user behind the same NAT is not locked out.
    const own = await api('GET', `/api/v1/users/${self.id}`, {
      token: tokenFor(self.id),
      headers: limited,
      base: a.baseUrl,
    });
    expect(own.status).toBe(200);

    const refused = await Promise.all(
      [a, b].map(
        async (g) =>
          (
            await api('GET', '/api/v1/health/metrics', {
              token: null,
              // Its own address: the health endpoints draw on an anonymous caller's budget.
              headers: { 'x-forwarded-for': '2001:db8::7' },
              base: g.baseUrl,
            })
          ).body.rate_limits,
      ),
    );
    expect(refused[0].auth_failures.refused + refused[1].auth_failures.refused).toBe(5);
  });

  it('counts only failures: an address making valid calls is never refused', async () => {
    const user = await createUser();
    const from = { 'x-forwarded-for': address().replace('198.51.100.', '192.0.2.') };
    for (let i = 0; i < AUTH_FAILURES + 3; i++) {
      const res = await api('GET', `/api/v1/users/${user.id}`, {
        token: tokenFor(user.id),
        headers: from,
        base: a.baseUrl,
      });
      expect(res.status).toBe(200);
    }
    // Health endpoints need no token and count no failure, even with a bad one.
    for (let i = 0; i < AUTH_FAILURES + 1; i++)
      expect(
        (await api('GET', '/api/v1/health/live', { token: null, headers: { ...BAD, ...from }, base: b.baseUrl }))
          .status,
      ).toBe(200);
    expect(
      (await api('GET', `/api/v1/users/${user.id}`, { token: null, headers: { ...BAD, ...from }, base: b.baseUrl }))
        .status,
    ).toBe(401);
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
    // A bad token is still a 401: failed authentications go uncounted rather than failing the request.
    for (let i = 0; i < AUTH_FAILURES + 1; i++) {
      const res = await api('GET', `/api/v1/users/${fresh.id}`, {
        token: null,
        headers: { authorization: 'Bearer not-a-jwt' },
        base: gateway.baseUrl,
      });
      expect(res.status).toBe(401);
    }

    const metrics = await api('GET', '/api/v1/health/metrics', { token: null, base: gateway.baseUrl });
    expect(metrics.status).toBe(200);
    expect(metrics.body.rate_limits.requests.failed_open).toBeGreaterThanOrEqual(10);
    expect(metrics.body.rate_limits.requests.refused).toBe(1);
    expect(metrics.body.rate_limits.auth_failures.failed_open).toBeGreaterThanOrEqual(AUTH_FAILURES + 1);
    await waitFor(
      async () => {
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

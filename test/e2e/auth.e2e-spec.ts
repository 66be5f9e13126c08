import { type SignOptions, sign } from 'jsonwebtoken';
import { ADMIN, api, createUser, tokenFor } from '../support/api';
import { expectStatus } from '../support/expectations';
import { TEST_JWT_SECRET } from '../support/infra';

/**
 * Authentication and authorisation through HTTP: a missing or bad token is a 401, acting beyond
 * one's rights is a 403, health endpoints are public, and no refused request writes anything.
 */

const MARK = `authmark${process.pid}x${Date.now().toString(36)}`;
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
/** An HS256 token with the stack's secret and exactly these claims and options. */
const hs256 = (claims: Record<string, unknown>, options: SignOptions = {}) =>
  sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256', ...options });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Calls with an exact Authorization header (or none). */
const withAuth = (authorization: string | undefined, method: string, path: string, body?: unknown) =>
  api(method, path, { token: null, body, headers: authorization === undefined ? {} : { authorization } });

async function snapshot(id: number): Promise<Record<string, unknown>> {
  const res = await api('GET', `/api/v1/users/${id}`, { token: ADMIN() });
  expect(res.status).toBe(200);
  return res.body;
}

async function interactionTotal(id: number): Promise<number> {
  const res = await api('GET', `/api/v1/interactions/user/${id}?direction=both`, { token: ADMIN() });
  expect(res.status).toBe(200);
  return res.body.total;
}

async function markedUsers(): Promise<number> {
  const res = await api('GET', `/api/v1/users/?location=${MARK}&limit=1`, { token: ADMIN() });
  expect(res.status).toBe(200);
  return res.body.total;
}

describe('authentication and authorisation through the gateway', () => {
  let alice: { id: number };
  let bob: { id: number };
  let carol: { id: number };
  let aliceToken: string;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      createUser({ name: 'Alice', gender: 'female', bio: 'Alice bio' }),
      createUser({ name: 'Bob', gender: 'male', bio: 'Bob bio' }),
      createUser({ name: 'Carol', gender: 'female' }),
    ]);
    aliceToken = tokenFor(alice.id);
  });

  describe('without a token every API endpoint is a 401', () => {
    type Ids = { a: number; b: number };
    const endpoints: [string, string, (ids: Ids) => string, ((ids: Ids) => unknown) | undefined][] = [
      ['POST', '/users/', () => '/api/v1/users/', () => ({ name: 'Nobody', age: 30, gender: 'male', location: MARK })],
      ['GET', '/users/', () => '/api/v1/users/', undefined],
      ['GET', '/users/search/active', () => '/api/v1/users/search/active', undefined],
      ['GET', '/users/search/by-interest', () => '/api/v1/users/search/by-interest?interest=hiking', undefined],
      ['GET', '/users/{id}', ({ a }) => `/api/v1/users/${a}`, undefined],
      ['PUT', '/users/{id}', ({ a }) => `/api/v1/users/${a}`, () => ({ bio: 'changed without a token' })],
      ['DELETE', '/users/{id}', ({ a }) => `/api/v1/users/${a}`, undefined],
      [
        'POST',
        '/interactions/',
        () => '/api/v1/interactions/',
        ({ a, b }) => ({ user_id: a, target_user_id: b, interaction_type: 'like' }),
      ],
      ['GET', '/interactions/user/{id}', ({ a }) => `/api/v1/interactions/user/${a}`, undefined],
      ['GET', '/interactions/stats/{id}', ({ a }) => `/api/v1/interactions/stats/${a}`, undefined],
      ['GET', '/interactions/mutual/{id}/{target}', ({ a, b }) => `/api/v1/interactions/mutual/${a}/${b}`, undefined],
      ['GET', '/interactions/recent/{id}', ({ a }) => `/api/v1/interactions/recent/${a}`, undefined],
      ['GET', '/interactions/timeline/{id}', ({ a }) => `/api/v1/interactions/timeline/${a}`, undefined],
      ['GET', '/matches/{id}', ({ a }) => `/api/v1/matches/${a}`, undefined],
    ];

    it.each(endpoints)('%s %s', async (method, _, path, body) => {
      const ids = { a: alice.id, b: bob.id };
      const [aliceBefore, usersBefore, interactionsBefore] = await Promise.all([
        snapshot(alice.id),
        markedUsers(),
        interactionTotal(alice.id),
      ]);
      const res = await withAuth(undefined, method, path(ids), body?.(ids));
      expectStatus(res, 401, 'UNAUTHENTICATED');
      expect(await snapshot(alice.id)).toEqual(aliceBefore);
      expect(await markedUsers()).toBe(usersBefore);
      expect(await interactionTotal(alice.id)).toBe(interactionsBefore);
    });
  });

  describe('a malformed or invalid token is a 401, and the request writes nothing', () => {
    // Built lazily: alice's id is known only after beforeAll.
    const kinds: [string, () => string][] = [
      ['a scheme other than Bearer', () => `Token ${tokenFor(alice.id)}`],
      ['Basic credentials', () => `Basic ${Buffer.from('alice:secret').toString('base64')}`],
      ['"Bearer" with no token', () => 'Bearer'],
      ['a token without the scheme', () => tokenFor(alice.id)],
      ['two tokens', () => `Bearer ${tokenFor(alice.id)} ${tokenFor(alice.id)}`],
      ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
      [
        'a JWT with a tampered payload',
        () => {
          const [h, , s] = tokenFor(bob.id).split('.');
          return `Bearer ${h}.${b64url({ sub: String(alice.id), role: 'user', exp: now() + 3600 })}.${s}`;
        },
      ],
      [
        'a token signed with another secret',
        () => `Bearer ${tokenFor(alice.id, 'user', 'another-secret-0123456789-0123456789-xyz')}`,
      ],
      [
        'an admin token signed with another secret',
        () => `Bearer ${tokenFor('backend', 'admin', 'another-secret-0123456789-0123456789-xyz')}`,
      ],
      [
        'an expired token',
        () =>
          `Bearer ${sign({ sub: String(alice.id), role: 'user', exp: now() - 60 }, TEST_JWT_SECRET, { algorithm: 'HS256' })}`,
      ],
      [
        'a token not valid yet',
        () =>
          `Bearer ${sign({ sub: String(alice.id), role: 'user', nbf: now() + 3600 }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '2h' })}`,
      ],
      [
        'a token with role "superuser"',
        () =>
          `Bearer ${sign({ sub: String(alice.id), role: 'superuser' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
      ],
      [
        'a token with role "Admin"',
        () =>
          `Bearer ${sign({ sub: String(alice.id), role: 'Admin' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
      ],
      [
        'a user token whose sub is not a user id',
        () =>
          `Bearer ${sign({ sub: 'alice', role: 'user' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
      ],
      [
        'a user token without sub',
        () => `Bearer ${sign({ role: 'user' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
      ],
      [
        'an unsigned token (alg none)',
        () =>
          `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: String(alice.id), role: 'admin', exp: now() + 3600 })}.`,
      ],
      [
        'an HS512 token with the right secret',
        () =>
          `Bearer ${sign({ sub: String(alice.id), role: 'user' }, TEST_JWT_SECRET, { algorithm: 'HS512', expiresIn: '1h' })}`,
      ],
      // Every token must expire, and live at most JWT_MAX_TTL_SECONDS (a day by default).
      ['a token without exp', () => `Bearer ${hs256({ sub: String(alice.id), role: 'user' })}`],
      ['an admin token without exp', () => `Bearer ${hs256({ sub: 'backend', role: 'admin' })}`],
      [
        'a token living longer than a day (exp - iat)',
        () => `Bearer ${hs256({ sub: String(alice.id) }, { expiresIn: DAY + 3600 })}`,
      ],
      [
        'an admin token living longer than a day',
        () => `Bearer ${hs256({ sub: 'backend', role: 'admin' }, { expiresIn: 7 * DAY })}`,
      ],
      [
        'a token without iat expiring in more than a day',
        () => `Bearer ${hs256({ sub: String(alice.id), exp: now() + 2 * DAY }, { noTimestamp: true })}`,
      ],
      [
        'a token whose iat lies in the future, to look short-lived for a year',
        () => `Bearer ${hs256({ sub: String(alice.id), iat: now() + 365 * DAY - 3600, exp: now() + 365 * DAY })}`,
      ],
      // sub is the user id in one spelling only: Number() used to read all of these as alice.
      ...(
        [
          ['in hex', (id: number) => `0x${id.toString(16)}`],
          ['with a leading zero', (id: number) => `0${id}`],
          ['with an exponent', (id: number) => `${id}e0`],
          ['with a leading space', (id: number) => ` ${id}`],
          ['with a trailing space', (id: number) => `${id} `],
          ['with a fraction', (id: number) => `${id}.0`],
          ['with a plus sign', (id: number) => `+${id}`],
          ['negative', (id: number) => `-${id}`],
          ['zero', () => '0'],
          ['above the largest users.id', () => '2147483648'],
          ['a number above the largest users.id', () => 2_147_483_648],
          ['a negative number', (id: number) => -id],
          ['a fractional number', (id: number) => id + 0.5],
        ] as [string, (id: number) => string | number][]
      ).map(([how, sub]): [string, () => string] => [
        `a user token whose sub is alice's id ${how}`,
        () => `Bearer ${hs256({ sub: sub(alice.id), role: 'user' }, { expiresIn: '1h' })}`,
      ]),
    ];

    it.each(kinds)('%s: GET is refused', async (_, header) => {
      const res = await withAuth(header(), 'GET', `/api/v1/users/${alice.id}`);
      expectStatus(res, 401, 'UNAUTHENTICATED');
    });

    it.each(kinds)('%s: PUT is refused and the user is unchanged', async (_, header) => {
      const before = await snapshot(alice.id);
      const res = await withAuth(header(), 'PUT', `/api/v1/users/${alice.id}`, { bio: 'changed with a bad token' });
      expectStatus(res, 401, 'UNAUTHENTICATED');
      expect(await snapshot(alice.id)).toEqual(before);
    });

    it.each(kinds)('%s: a swipe is refused and not stored', async (_, header) => {
      const before = await interactionTotal(alice.id);
      const res = await withAuth(header(), 'POST', '/api/v1/interactions/', {
        user_id: alice.id,
        target_user_id: carol.id,
        interaction_type: 'like',
      });
      expectStatus(res, 401, 'UNAUTHENTICATED');
      expect(await interactionTotal(alice.id)).toBe(before);
    });

    it('accepts the scheme in any case (control: the refusals above are about the token)', async () => {
      expect((await withAuth(`bearer ${tokenFor(alice.id)}`, 'GET', `/api/v1/users/${alice.id}`)).status).toBe(200);
    });

    it.each([
      ['sub as a JSON number', () => hs256({ sub: alice.id }, { expiresIn: '1h' })],
      ['a lifetime of exactly a day', () => hs256({ sub: String(alice.id) }, { expiresIn: DAY })],
      [
        'no iat, expiring within a day',
        () => hs256({ sub: String(alice.id), exp: now() + 3600 }, { noTimestamp: true }),
      ],
    ])('accepts a user token with %s (control)', async (_, token) => {
      const res = await withAuth(`Bearer ${token()}`, 'GET', `/api/v1/users/${alice.id}`);
      expect({ status: res.status, message: res.body?.message }).toMatchObject({ status: 200 });
    });

    it.each([
      ['no sub (today: an admin token need not name a user)', () => hs256({ role: 'admin' }, { expiresIn: '1h' })],
      ['a non-numeric sub', () => hs256({ sub: 'backend-eu', role: 'admin' }, { expiresIn: '1h' })],
      ['a user id as sub', () => hs256({ sub: String(bob.id), role: 'admin' }, { expiresIn: '1h' })],
    ])('accepts an admin token with %s (control)', async (_, token) => {
      const res = await withAuth(`Bearer ${token()}`, 'GET', `/api/v1/users/${alice.id}`);
      expect({ status: res.status, message: res.body?.message }).toMatchObject({ status: 200 });
    });
  });

  describe('a user token on admin-only endpoints is a 403', () => {
    it('POST /users/ is refused and creates nobody', async () => {
      const before = await markedUsers();
      const res = await api('POST', '/api/v1/users/', {
        token: aliceToken,
        body: { name: 'Sneaky', age: 30, gender: 'male', location: MARK },
      });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(res.body.message).toMatch(/admin/);
      expect(await markedUsers()).toBe(before);
    });

    it.each([
      ['/api/v1/users/'],
      ['/api/v1/users/?location=Berlin'],
      ['/api/v1/users/search/active'],
      ['/api/v1/users/search/by-interest?interest=hiking'],
    ])('GET %s', async (path) => {
      const res = await api('GET', path, { token: aliceToken });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(res.body).not.toHaveProperty('items');
    });
  });

  describe("a user acting on another user's data is a 403", () => {
    it("reading another user's profile", async () => {
      const res = await api('GET', `/api/v1/users/${bob.id}`, { token: aliceToken });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(res.body).not.toHaveProperty('name');
    });

    it("updating another user's profile leaves it unchanged", async () => {
      const before = await snapshot(bob.id);
      const res = await api('PUT', `/api/v1/users/${bob.id}`, { token: aliceToken, body: { bio: 'written by alice' } });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(await snapshot(bob.id)).toEqual(before);
    });

    it('deleting another user leaves them in place', async () => {
      const before = await snapshot(bob.id);
      const res = await api('DELETE', `/api/v1/users/${bob.id}`, { token: aliceToken });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(await snapshot(bob.id)).toEqual(before);
    });

    it.each([
      ['interactions', (a: number, b: number) => `/api/v1/interactions/user/${b}`],
      ['stats', (a: number, b: number) => `/api/v1/interactions/stats/${b}`],
      ['mutual', (a: number, b: number) => `/api/v1/interactions/mutual/${b}/${a}`],
      ['recent', (a: number, b: number) => `/api/v1/interactions/recent/${b}`],
      ['timeline', (a: number, b: number) => `/api/v1/interactions/timeline/${b}`],
      ['matches', (a: number, b: number) => `/api/v1/matches/${b}`],
    ])("reading another user's %s", async (_, path) => {
      const res = await api('GET', path(alice.id, bob.id), { token: aliceToken });
      expectStatus(res, 403, 'FORBIDDEN');
    });

    it('swiping as someone else (user_id of another user) is refused and stores nothing', async () => {
      const [bobBefore, carolBefore] = await Promise.all([interactionTotal(bob.id), interactionTotal(carol.id)]);
      const res = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { user_id: bob.id, target_user_id: carol.id, interaction_type: 'like' },
      });
      expectStatus(res, 403, 'FORBIDDEN');
      expect([await interactionTotal(bob.id), await interactionTotal(carol.id)]).toEqual([bobBefore, carolBefore]);
    });

    it('setting external_id on oneself is refused and changes nothing', async () => {
      const before = await snapshot(alice.id);
      const res = await api('PUT', `/api/v1/users/${alice.id}`, {
        token: aliceToken,
        body: { external_id: `ext-${MARK}`, bio: 'with an external id' },
      });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(res.body.message).toContain('external_id');
      expect(await snapshot(alice.id)).toEqual(before);
      // Had it been stored, the admin could not give the same id to Carol.
      const admin = await api('PUT', `/api/v1/users/${carol.id}`, {
        token: ADMIN(),
        body: { external_id: `ext-${MARK}` },
      });
      expect(admin.status).toBe(200);
    });

    it('clearing external_id (null) on oneself is refused too', async () => {
      const before = await snapshot(alice.id);
      const res = await api('PUT', `/api/v1/users/${alice.id}`, { token: aliceToken, body: { external_id: null } });
      expectStatus(res, 403, 'FORBIDDEN');
      expect(await snapshot(alice.id)).toEqual(before);
    });

    it('a user may still act on their own data (control)', async () => {
      expect((await api('GET', `/api/v1/users/${alice.id}`, { token: aliceToken })).status).toBe(200);
      const swipe = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { user_id: alice.id, target_user_id: carol.id, interaction_type: 'dislike' },
      });
      expect(swipe.status).toBe(201);
      expect(swipe.body.user_id).toBe(alice.id);
    });
  });

  describe('the admin acts for a user only by naming them', () => {
    it('an admin swipe without user_id is a 400 naming user_id, and stores nothing', async () => {
      const before = await interactionTotal(bob.id);
      const res = await api('POST', '/api/v1/interactions/', {
        token: ADMIN(),
        body: { target_user_id: bob.id, interaction_type: 'like' },
      });
      expect({
        status: res.status,
        error: res.body?.error,
        fields: (res.body?.details ?? []).map((d: { field: string }) => d.field),
      }).toEqual({
        status: 400,
        error: 'VALIDATION_FAILED',
        fields: ['user_id'],
      });
      expect(res.body.message).toContain('user_id');
      expect(await interactionTotal(bob.id)).toBe(before);
    });

    it('an admin swipe naming the user is recorded as that user (control)', async () => {
      const res = await api('POST', '/api/v1/interactions/', {
        token: ADMIN(),
        body: { user_id: bob.id, target_user_id: carol.id, interaction_type: 'like' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ user_id: bob.id, target_user_id: carol.id });
    });
  });

  describe('health endpoints need no token', () => {
    it.each([
      ['/api/v1/health'],
      ['/api/v1/health/live'],
      ['/api/v1/health/ready'],
      ['/api/v1/health/dependencies'],
      ['/api/v1/health/metrics'],
      ['/api/v1/health/models'],
    ])('GET %s answers 200 without a token, and ignores a bad one', async (path) => {
      const anonymous = await withAuth(undefined, 'GET', path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 200 });
      const garbage = await withAuth('Bearer not-a-jwt', 'GET', path);
      expect({ path, status: garbage.status }).toEqual({ path, status: 200 });
    });
  });
});

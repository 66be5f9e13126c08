import { api, createUser, tokenFor } from '../support/api';
import { BAD_IDS, UNKNOWN_ID, expectBadInput, expectStatus } from '../support/expectations';

/**
 * Every class of bad input on the interaction and match endpoints, through HTTP: each is a 400
 * (or 404/409) whose message and details name the offending field, and no rejected swipe is stored.
 */

/** Every interaction involving `userId` (given and received), as the admin sees them. */
async function interactionsOf(
  userId: number,
): Promise<{ total: number; items: { id: number; interaction_type: string; target_user_id: number }[] }> {
  const res = await api('GET', `/api/v1/interactions/user/${userId}?direction=both&limit=100`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('interactions and matches: bad input is rejected with the field named, and nothing is written', () => {
  let alice: { id: number };
  let bob: { id: number };
  let carol: { id: number };
  let aliceToken: string;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      createUser({ name: 'Alice', gender: 'female' }),
      createUser({ name: 'Bob', gender: 'male' }),
      createUser({ name: 'Carol', gender: 'female' }),
    ]);
    aliceToken = tokenFor(alice.id);
  });

  describe('POST /api/v1/interactions/ (swipe)', () => {
    // Each body would otherwise be a valid like from Alice on Carol.
    const cases: [string, (ids: { me: number; target: number }) => unknown, string][] = [
      // missing required fields
      ['missing target_user_id', () => ({ interaction_type: 'like' }), 'target_user_id'],
      ['missing interaction_type', ({ target }) => ({ target_user_id: target }), 'interaction_type'],
      // unknown fields
      ['an unknown field', ({ target }) => ({ target_user_id: target, interaction_type: 'like', note: 'hi' }), 'note'],
      // wrong types
      [
        'target_user_id as a string',
        ({ target }) => ({ target_user_id: String(target), interaction_type: 'like' }),
        'target_user_id',
      ],
      [
        'target_user_id as a fraction',
        ({ target }) => ({ target_user_id: target + 0.5, interaction_type: 'like' }),
        'target_user_id',
      ],
      ['target_user_id null', () => ({ target_user_id: null, interaction_type: 'like' }), 'target_user_id'],
      [
        'interaction_type as a number',
        ({ target }) => ({ target_user_id: target, interaction_type: 1 }),
        'interaction_type',
      ],
      [
        'context as a string',
        ({ target }) => ({ target_user_id: target, interaction_type: 'like', context: 'recommendation' }),
        'context',
      ],
      [
        'context as an array',
        ({ target }) => ({ target_user_id: target, interaction_type: 'like', context: ['recommendation'] }),
        'context',
      ],
      [
        'context as a number',
        ({ target }) => ({ target_user_id: target, interaction_type: 'like', context: 7 }),
        'context',
      ],
      [
        'user_id as a string',
        ({ me, target }) => ({ user_id: String(me), target_user_id: target, interaction_type: 'like' }),
        'user_id',
      ],
      // out-of-range numbers
      ['target_user_id 0', () => ({ target_user_id: 0, interaction_type: 'like' }), 'target_user_id'],
      ['target_user_id -1', () => ({ target_user_id: -1, interaction_type: 'like' }), 'target_user_id'],
      [
        'target_user_id above 32 bits',
        () => ({ target_user_id: 2_147_483_648, interaction_type: 'like' }),
        'target_user_id',
      ],
      ['user_id 0', ({ target }) => ({ user_id: 0, target_user_id: target, interaction_type: 'like' }), 'user_id'],
      // oversized
      [
        'a context over 2 KB',
        ({ target }) => ({ target_user_id: target, interaction_type: 'like', context: { note: 'x'.repeat(2100) } }),
        'context',
      ],
      // 700 euro signs: about 711 characters of JSON, but 2111 bytes of UTF-8
      [
        'a context over 2 KB of multi-byte text',
        ({ target }) => ({ target_user_id: target, interaction_type: 'like', context: { note: '\u20ac'.repeat(700) } }),
        'context',
      ],
      // unknown enum values
      [
        'an unknown interaction_type',
        ({ target }) => ({ target_user_id: target, interaction_type: 'love' }),
        'interaction_type',
      ],
      [
        'an upper-case interaction_type',
        ({ target }) => ({ target_user_id: target, interaction_type: 'LIKE' }),
        'interaction_type',
      ],
      // self-swipes
      ['a like on oneself', ({ me }) => ({ target_user_id: me, interaction_type: 'like' }), 'target_user_id'],
      ['a block on oneself', ({ me }) => ({ target_user_id: me, interaction_type: 'block' }), 'target_user_id'],
      [
        'a like on oneself naming oneself in user_id',
        ({ me }) => ({ user_id: me, target_user_id: me, interaction_type: 'like' }),
        'target_user_id',
      ],
    ];

    it.each(cases)('rejects %s', async (_, makeBody, field) => {
      const [mineBefore, carolsBefore] = await Promise.all([interactionsOf(alice.id), interactionsOf(carol.id)]);
      const res = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: makeBody({ me: alice.id, target: carol.id }),
      });
      expectBadInput(res, field);
      const [mineAfter, carolsAfter] = await Promise.all([interactionsOf(alice.id), interactionsOf(carol.id)]);
      expect([mineAfter.total, carolsAfter.total]).toEqual([mineBefore.total, carolsBefore.total]);
    });

    it('rejects a self-swipe by an admin acting for the user', async () => {
      const before = await interactionsOf(alice.id);
      const res = await api('POST', '/api/v1/interactions/', {
        body: { user_id: alice.id, target_user_id: alice.id, interaction_type: 'super_like' },
      });
      expectBadInput(res, 'target_user_id');
      expect((await interactionsOf(alice.id)).total).toBe(before.total);
    });

    it('reports every bad field at once', async () => {
      const res = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { target_user_id: 'two', interaction_type: 'love', extra: true },
      });
      for (const field of ['target_user_id', 'interaction_type', 'extra']) expectBadInput(res, field);
    });

    it('rejects invalid JSON with a 400 in the usual error shape, and stores nothing', async () => {
      const before = await interactionsOf(alice.id);
      const res = await api('POST', '/api/v1/interactions/', { token: aliceToken, rawBody: `{"target_user_id":` });
      expectStatus(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/json/i);
      expect((await interactionsOf(alice.id)).total).toBe(before.total);
    });

    it('rejects a swipe on an unknown user with a 404 naming the id, and stores nothing', async () => {
      const before = await interactionsOf(alice.id);
      const res = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { target_user_id: UNKNOWN_ID, interaction_type: 'like' },
      });
      expectStatus(res, 404, 'NOT_FOUND');
      expect(res.body.message).toContain(String(UNKNOWN_ID));
      expect((await interactionsOf(alice.id)).total).toBe(before.total);
    });

    it('rejects a swipe by an admin acting for an unknown user with a 404, and stores nothing', async () => {
      const before = await interactionsOf(carol.id);
      const res = await api('POST', '/api/v1/interactions/', {
        body: { user_id: UNKNOWN_ID, target_user_id: carol.id, interaction_type: 'like' },
      });
      expectStatus(res, 404, 'NOT_FOUND');
      expect(res.body.message).toContain(String(UNKNOWN_ID));
      expect((await interactionsOf(carol.id)).total).toBe(before.total);
    });

    it('rejects a swipe on a deleted user with a 404, and stores nothing', async () => {
      const gone = await createUser({ name: 'Gone' });
      expect((await api('DELETE', `/api/v1/users/${gone.id}`)).status).toBe(200);
      const before = await interactionsOf(alice.id);
      const res = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { target_user_id: gone.id, interaction_type: 'dislike' },
      });
      expectStatus(res, 404, 'NOT_FOUND');
      expect((await interactionsOf(alice.id)).total).toBe(before.total);
    });

    it('rejects a changed swipe on the same person with a 409 naming interaction_type, and keeps the first', async () => {
      const like = await api('POST', '/api/v1/interactions/', {
        token: aliceToken,
        body: { target_user_id: bob.id, interaction_type: 'like' },
      });
      expect(like.status).toBe(201);
      const before = await interactionsOf(alice.id);
      for (const changed of ['dislike', 'super_like']) {
        const res = await api('POST', '/api/v1/interactions/', {
          token: aliceToken,
          body: { target_user_id: bob.id, interaction_type: changed },
        });
        expectStatus(res, 409, 'CONFLICT');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('interaction_type');
      }
      const after = await interactionsOf(alice.id);
      expect(after.total).toBe(before.total);
      const mutual = await api('GET', `/api/v1/interactions/mutual/${alice.id}/${bob.id}`, { token: aliceToken });
      expect(mutual.body.user_interaction).toMatchObject({ id: like.body.id, interaction_type: 'like' });
    });
  });

  describe('malformed ids in paths are a 400 naming the parameter', () => {
    const routes: [string, (id: string, other: number) => string, string][] = [
      ['GET /interactions/user/{id}', (id) => `/api/v1/interactions/user/${id}`, 'user_id'],
      ['GET /interactions/stats/{id}', (id) => `/api/v1/interactions/stats/${id}`, 'user_id'],
      [
        'GET /interactions/mutual/{id}/{target}',
        (id, other) => `/api/v1/interactions/mutual/${id}/${other}`,
        'user_id',
      ],
      [
        'GET /interactions/mutual/{user}/{id}',
        (id, other) => `/api/v1/interactions/mutual/${other}/${id}`,
        'target_user_id',
      ],
      ['GET /interactions/recent/{id}', (id) => `/api/v1/interactions/recent/${id}`, 'user_id'],
      ['GET /interactions/timeline/{id}', (id) => `/api/v1/interactions/timeline/${id}`, 'user_id'],
      ['GET /matches/{id}', (id) => `/api/v1/matches/${id}`, 'user_id'],
    ];
    const table = routes.flatMap(([name, path, field]) => BAD_IDS.map((id) => [name, id, path, field] as const));

    it.each(table)('%s with id %s', async (_, id, path, field) => {
      expectBadInput(await api('GET', path(id, alice.id)), field);
    });
  });

  describe('bad query strings are a 400 naming the parameter', () => {
    const cases: [string, (me: number) => string, string][] = [
      // GET /interactions/user/{id}
      ['list: limit 0', (me) => `/api/v1/interactions/user/${me}?limit=0`, 'limit'],
      ['list: negative limit', (me) => `/api/v1/interactions/user/${me}?limit=-1`, 'limit'],
      ['list: limit over 100', (me) => `/api/v1/interactions/user/${me}?limit=101`, 'limit'],
      ['list: limit as text', (me) => `/api/v1/interactions/user/${me}?limit=many`, 'limit'],
      ['list: negative offset', (me) => `/api/v1/interactions/user/${me}?offset=-1`, 'offset'],
      ['list: since=yesterday', (me) => `/api/v1/interactions/user/${me}?since=yesterday`, 'since'],
      ['list: until=tomorrow', (me) => `/api/v1/interactions/user/${me}?until=tomorrow`, 'until'],
      ['list: an impossible date', (me) => `/api/v1/interactions/user/${me}?since=2026-02-30T00:00:00Z`, 'since'],
      [
        'list: since after until',
        (me) => `/api/v1/interactions/user/${me}?since=2026-11-20T00:00:00Z&until=2026-11-10T00:00:00Z`,
        'since',
      ],
      [
        'list: since equal to until',
        (me) => `/api/v1/interactions/user/${me}?since=2026-11-20T00:00:00Z&until=2026-11-20T00:00:00Z`,
        'since',
      ],
      [
        'list: an unknown interaction_type',
        (me) => `/api/v1/interactions/user/${me}?interaction_type=love`,
        'interaction_type',
      ],
      ['list: an unknown direction', (me) => `/api/v1/interactions/user/${me}?direction=sideways`, 'direction'],
      ['list: an unknown parameter', (me) => `/api/v1/interactions/user/${me}?type=like`, 'type'],
      // GET /interactions/mutual/{id}/{target}
      ['mutual: with oneself', (me) => `/api/v1/interactions/mutual/${me}/${me}`, 'target_user_id'],
      // GET /interactions/recent/{id}
      ['recent: hours 0', (me) => `/api/v1/interactions/recent/${me}?hours=0`, 'hours'],
      ['recent: negative hours', (me) => `/api/v1/interactions/recent/${me}?hours=-1`, 'hours'],
      ['recent: hours over 720', (me) => `/api/v1/interactions/recent/${me}?hours=721`, 'hours'],
      ['recent: hours as text', (me) => `/api/v1/interactions/recent/${me}?hours=day`, 'hours'],
      ['recent: limit 0', (me) => `/api/v1/interactions/recent/${me}?limit=0`, 'limit'],
      ['recent: limit over 100', (me) => `/api/v1/interactions/recent/${me}?limit=101`, 'limit'],
      ['recent: an unknown parameter', (me) => `/api/v1/interactions/recent/${me}?offset=5`, 'offset'],
      // GET /interactions/timeline/{id}
      [
        'timeline: an unknown granularity',
        (me) => `/api/v1/interactions/timeline/${me}?granularity=week`,
        'granularity',
      ],
      ['timeline: since=yesterday', (me) => `/api/v1/interactions/timeline/${me}?since=yesterday`, 'since'],
      ['timeline: until=tomorrow', (me) => `/api/v1/interactions/timeline/${me}?until=tomorrow`, 'until'],
      [
        'timeline: since after until',
        (me) => `/api/v1/interactions/timeline/${me}?since=2026-11-20T00:00:00Z&until=2026-11-10T00:00:00Z`,
        'since',
      ],
      [
        'timeline: a range of too many buckets',
        (me) =>
          `/api/v1/interactions/timeline/${me}?granularity=day&since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z`,
        'since',
      ],
      ['timeline: an unknown parameter', (me) => `/api/v1/interactions/timeline/${me}?limit=10`, 'limit'],
      // GET /matches/{id}
      ['matches: limit 0', (me) => `/api/v1/matches/${me}?limit=0`, 'limit'],
      ['matches: negative limit', (me) => `/api/v1/matches/${me}?limit=-1`, 'limit'],
      ['matches: limit over 100', (me) => `/api/v1/matches/${me}?limit=101`, 'limit'],
      ['matches: negative offset', (me) => `/api/v1/matches/${me}?offset=-1`, 'offset'],
      ['matches: offset as text', (me) => `/api/v1/matches/${me}?offset=none`, 'offset'],
      ['matches: an unknown parameter', (me) => `/api/v1/matches/${me}?since=2026-11-01T00:00:00Z`, 'since'],
    ];

    it.each(cases)('%s', async (_, path, field) => {
      expectBadInput(await api('GET', path(alice.id), { token: aliceToken }), field);
    });

    it('accepts the same queries within range (control)', async () => {
      const paths = [
        `/api/v1/interactions/user/${alice.id}?limit=100&offset=0&direction=given&interaction_type=like&since=2026-01-01T00:00:00Z`,
        `/api/v1/interactions/recent/${alice.id}?hours=720&limit=100`,
        `/api/v1/interactions/timeline/${alice.id}?granularity=hour`,
        `/api/v1/matches/${alice.id}?limit=100&offset=0`,
        `/api/v1/interactions/mutual/${alice.id}/${carol.id}`,
        `/api/v1/interactions/stats/${alice.id}`,
      ];
      for (const path of paths)
        expect({ path, status: (await api('GET', path, { token: aliceToken })).status }).toEqual({ path, status: 200 });
    });
  });

  describe('unknown users are a 404', () => {
    const paths: [string, (known: number) => string][] = [
      ['interactions of an unknown user', () => `/api/v1/interactions/user/${UNKNOWN_ID}`],
      ['stats of an unknown user', () => `/api/v1/interactions/stats/${UNKNOWN_ID}`],
      ['mutual with an unknown target', (known) => `/api/v1/interactions/mutual/${known}/${UNKNOWN_ID}`],
      ['mutual of an unknown user', (known) => `/api/v1/interactions/mutual/${UNKNOWN_ID}/${known}`],
      ['recent of an unknown user', () => `/api/v1/interactions/recent/${UNKNOWN_ID}`],
      ['timeline of an unknown user', () => `/api/v1/interactions/timeline/${UNKNOWN_ID}`],
      ['matches of an unknown user', () => `/api/v1/matches/${UNKNOWN_ID}`],
    ];

    it.each(paths)('%s', async (_, path) => {
      const res = await api('GET', path(alice.id));
      expectStatus(res, 404, 'NOT_FOUND');
      expect(res.body.message).toContain(String(UNKNOWN_ID));
    });
  });
});

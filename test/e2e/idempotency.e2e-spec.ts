import { api, type ApiResponse, createUser, tokenFor } from '../support/api';
import { UNKNOWN_ID, expectStatus } from '../support/expectations';

/**
 * Idempotency of swipes through HTTP: a retried POST with the same Idempotency-Key answers with the
 * original (200) and never stores a second row; the same key with another body is a 409; a bad key
 * is a 400; and a rejected request neither stores a swipe nor uses up its key.
 */

const RUN = `${process.pid}-${Date.now().toString(36)}`;
const key = (name: string) => `${name}-${RUN}`;

function expectKeyNamed(res: ApiResponse): void {
  expect((res.body?.details ?? []).map((d: { field: string }) => d.field)).toContain('Idempotency-Key');
  expect(res.body.message).toContain('Idempotency-Key');
}

/** The stored fields of an interaction (what a replay must reproduce). */
const stored = (b: Record<string, unknown>) => ({
  id: b.id,
  user_id: b.user_id,
  target_user_id: b.target_user_id,
  interaction_type: b.interaction_type,
  context: b.context,
  created_at: b.created_at,
});

/** Interactions involving `userId`, both ways, as the admin sees them. */
async function totalOf(userId: number, direction: 'given' | 'received' | 'both' = 'both'): Promise<number> {
  const res = await api('GET', `/api/v1/interactions/user/${userId}?direction=${direction}`);
  expect(res.status).toBe(200);
  return res.body.total;
}

describe('idempotent swipes through the gateway', () => {
  let alice: { id: number };
  let bob: { id: number };
  let carol: { id: number };
  let dave: { id: number };
  let eve: { id: number };
  let aliceToken: string;
  let bobToken: string;

  const swipe = (token: string, body: unknown, idempotencyKey?: string) =>
    api('POST', '/api/v1/interactions/', {
      token,
      body,
      headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
    });

  beforeAll(async () => {
    [alice, bob, carol, dave, eve] = await Promise.all(
      ['Alice', 'Bob', 'Carol', 'Dave', 'Eve'].map((name) => createUser({ name })),
    );
    aliceToken = tokenFor(alice.id);
    bobToken = tokenFor(bob.id);
  });

  describe('the same key retried', () => {
    const k = key('retry');
    let original: ApiResponse;

    beforeAll(async () => {
      original = await swipe(
        aliceToken,
        { target_user_id: bob.id, interaction_type: 'like', context: { source: 'deck', position: 3 } },
        k,
      );
    });

    it('records the first request (201)', () => {
      expect({ status: original.status, body: original.body }).toMatchObject({
        status: 201,
        body: { user_id: alice.id, target_user_id: bob.id, interaction_type: 'like' },
      });
      expect(typeof original.body.id).toBe('number');
    });

    it('answers every retry with the original interaction and 200, storing no second row', async () => {
      const before = await totalOf(alice.id, 'given');
      for (let i = 0; i < 3; i++) {
        const retry = await swipe(
          aliceToken,
          { target_user_id: bob.id, interaction_type: 'like', context: { source: 'deck', position: 3 } },
          k,
        );
        expect(retry.status).toBe(200);
        expect(stored(retry.body)).toEqual(stored(original.body));
      }
      expect(await totalOf(alice.id, 'given')).toBe(before);
      expect(await totalOf(bob.id, 'received')).toBe(1);
    });

    it('treats a body with the same content in another key order as the same request', async () => {
      const retry = await swipe(
        aliceToken,
        { context: { source: 'deck', position: 3 }, interaction_type: 'like', target_user_id: bob.id },
        k,
      );
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(original.body.id);
    });

    it.each([
      [
        'another target',
        () => ({ target_user_id: carol.id, interaction_type: 'like', context: { source: 'deck', position: 3 } }),
      ],
      [
        'another interaction_type',
        () => ({ target_user_id: bob.id, interaction_type: 'super_like', context: { source: 'deck', position: 3 } }),
      ],
      ['another context', () => ({ target_user_id: bob.id, interaction_type: 'like', context: { source: 'search' } })],
      ['no context', () => ({ target_user_id: bob.id, interaction_type: 'like' })],
    ])('with %s is a 409 naming Idempotency-Key, and writes nothing', async (_, body) => {
      const [aliceBefore, carolBefore] = await Promise.all([totalOf(alice.id), totalOf(carol.id)]);
      const res = await swipe(aliceToken, body(), k);
      expectStatus(res, 409, 'CONFLICT');
      expectKeyNamed(res);
      expect([await totalOf(alice.id), await totalOf(carol.id)]).toEqual([aliceBefore, carolBefore]);
      // The key still answers the original request.
      const again = await swipe(
        aliceToken,
        { target_user_id: bob.id, interaction_type: 'like', context: { source: 'deck', position: 3 } },
        k,
      );
      expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: original.body.id });
    });

    it("is not another user's key: the same key from someone else is their own swipe", async () => {
      const theirs = await swipe(
        bobToken,
        { target_user_id: carol.id, interaction_type: 'like', context: { source: 'deck', position: 3 } },
        k,
      );
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(original.body.id);
      expect(theirs.body.user_id).toBe(bob.id);
    });
  });

  it('answers a retried like that made a match with the same interaction', async () => {
    const k = key('match');
    const first = await swipe(aliceToken, { target_user_id: dave.id, interaction_type: 'super_like' });
    expect(first.status).toBe(201);
    const daveToken = tokenFor(dave.id);
    const match = await swipe(daveToken, { target_user_id: alice.id, interaction_type: 'like' }, k);
    expect({ status: match.status, is_match: match.body.is_match }).toEqual({ status: 201, is_match: true });
    const retry = await swipe(daveToken, { target_user_id: alice.id, interaction_type: 'like' }, k);
    expect(retry.status).toBe(200);
    expect(stored(retry.body)).toEqual(stored(match.body));
    expect(await totalOf(dave.id, 'given')).toBe(1);
    expect((await api('GET', `/api/v1/matches/${dave.id}`, { token: daveToken })).body.total).toBe(1);
  });

  it('concurrent retries with the same key store one row and all answer with it', async () => {
    const k = key('burst');
    const before = await totalOf(eve.id, 'received');
    const body = { target_user_id: eve.id, interaction_type: 'dislike' };
    const results = await Promise.all(Array.from({ length: 6 }, () => swipe(aliceToken, body, k)));
    const summary = results.map((r) => ({ status: r.status, id: r.body?.id, error: r.body?.error }));
    expect(summary.filter((r) => r.status === 201)).toHaveLength(1);
    expect(summary.filter((r) => r.status === 200)).toHaveLength(5);
    expect(new Set(summary.map((r) => r.id)).size).toBe(1);
    expect(await totalOf(eve.id, 'received')).toBe(before + 1);
  });

  it('attaches a key to a swipe already recorded without one: the original answers, and the key then binds to it', async () => {
    const k = key('late');
    const first = await swipe(bobToken, { target_user_id: eve.id, interaction_type: 'dislike' });
    expect(first.status).toBe(201);
    const keyed = await swipe(bobToken, { target_user_id: eve.id, interaction_type: 'dislike' }, k);
    expect({ status: keyed.status, id: keyed.body.id }).toEqual({ status: 200, id: first.body.id });
    const retry = await swipe(bobToken, { target_user_id: eve.id, interaction_type: 'dislike' }, k);
    expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: first.body.id });
    const before = await totalOf(bob.id, 'given');
    const other = await swipe(bobToken, { target_user_id: dave.id, interaction_type: 'like' }, k);
    expectStatus(other, 409, 'CONFLICT');
    expectKeyNamed(other);
    expect(await totalOf(bob.id, 'given')).toBe(before);
  });

  describe('an invalid key is a 400 naming Idempotency-Key, and writes nothing', () => {
    it.each([
      ['201 characters', 'k'.repeat(201)],
      ['a space inside', 'retry 1'],
      ['a non-ASCII character', 'cl\u00e9-1'],
      ['a tab inside', 'retry\t1'],
    ])('a key of %s', async (_, badKey) => {
      const [aliceBefore, carolBefore] = await Promise.all([totalOf(alice.id), totalOf(carol.id)]);
      const res = await swipe(aliceToken, { target_user_id: carol.id, interaction_type: 'super_like' }, badKey);
      expectStatus(res, 400, 'VALIDATION_FAILED');
      expectKeyNamed(res);
      expect([await totalOf(alice.id), await totalOf(carol.id)]).toEqual([aliceBefore, carolBefore]);
    });

    it('accepts a key of 200 visible characters (control: the boundary is 200)', async () => {
      const longKey = `${RUN}-`.padEnd(200, 'k');
      const first = await swipe(aliceToken, { target_user_id: carol.id, interaction_type: 'dislike' }, longKey);
      expect(first.status).toBe(201);
      const retry = await swipe(aliceToken, { target_user_id: carol.id, interaction_type: 'dislike' }, longKey);
      expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: first.body.id });
    });
  });

  it('does not use up a key on a rejected request: after a 400, 403 and 404 the key still records the real swipe once', async () => {
    const k = key('unburnt');
    const erin = await createUser({ name: 'Erin' });
    const before = await totalOf(bob.id, 'given');
    expectStatus(
      await swipe(bobToken, { target_user_id: erin.id, interaction_type: 'love' }, k),
      400,
      'VALIDATION_FAILED',
    );
    expectStatus(
      await swipe(bobToken, { target_user_id: bob.id, interaction_type: 'like' }, k),
      400,
      'VALIDATION_FAILED',
    );
    expectStatus(
      await swipe(bobToken, { user_id: alice.id, target_user_id: erin.id, interaction_type: 'like' }, k),
      403,
      'FORBIDDEN',
    );
    expectStatus(await swipe(bobToken, { target_user_id: UNKNOWN_ID, interaction_type: 'like' }, k), 404, 'NOT_FOUND');
    expect(await totalOf(bob.id, 'given')).toBe(before);
    const real = await swipe(bobToken, { target_user_id: erin.id, interaction_type: 'like' }, k);
    expect(real.status).toBe(201);
    const retry = await swipe(bobToken, { target_user_id: erin.id, interaction_type: 'like' }, k);
    expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: real.body.id });
    expect(await totalOf(bob.id, 'given')).toBe(before + 1);
  });

  it('does not use up a key on a conflicting swipe (409): the key stays free for another request', async () => {
    const k = key('after-conflict');
    const [frank, grace] = await Promise.all([createUser({ name: 'Frank' }), createUser({ name: 'Grace' })]);
    expect((await swipe(bobToken, { target_user_id: frank.id, interaction_type: 'like' })).status).toBe(201);
    const before = await totalOf(bob.id, 'given');
    const changed = await swipe(bobToken, { target_user_id: frank.id, interaction_type: 'dislike' }, k);
    expectStatus(changed, 409, 'CONFLICT');
    expect(changed.body.details.map((d: { field: string }) => d.field)).toContain('interaction_type');
    expect(await totalOf(bob.id, 'given')).toBe(before);
    const fresh = await swipe(bobToken, { target_user_id: grace.id, interaction_type: 'like' }, k);
    expect(fresh.status).toBe(201);
    const retry = await swipe(bobToken, { target_user_id: grace.id, interaction_type: 'like' }, k);
    expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: fresh.body.id });
    expect(await totalOf(bob.id, 'given')).toBe(before + 1);
  });
});

import { Client } from 'pg';
import { ADMIN, api, createUser, tokenFor } from '../support/api';

/**
 * The realistic story of the foundation: two people join, like each other, match; stats and the
 * timeline show it; a block dissolves the match; a deleted user leaves nothing behind.
 */
describe('a dating story through the gateway', () => {
  let alice: { id: number };
  let bob: { id: number };
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    alice = await createUser({
      name: 'Alice',
      age: 25,
      gender: 'female',
      interests: ['hiking', 'photography', 'travel'],
      preferences: { genders: ['male'] },
    });
    bob = await createUser({
      name: 'Bob',
      age: 27,
      gender: 'male',
      interests: ['Hiking', 'cooking'],
      preferences: { genders: ['female'], age_min: 21, age_max: 30 },
    });
    aliceToken = tokenFor(alice.id);
    bobToken = tokenFor(bob.id);
  });

  it('creates users with their ids, normalised interests and defaulted preferences', async () => {
    const res = await api('GET', `/api/v1/users/${bob.id}`, { token: bobToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: bob.id,
      name: 'Bob',
      interests: ['hiking', 'cooking'],
      preferences: { genders: ['female'], age_min: 21, age_max: 30, max_distance_km: null },
    });
    const a = await api('GET', `/api/v1/users/${alice.id}`, { token: aliceToken });
    expect(a.body.preferences).toEqual({ genders: ['male'], age_min: 18, age_max: 35, max_distance_km: null });
  });

  it('records a like, then a like back completes a match', async () => {
    const like = await api('POST', '/api/v1/interactions/', {
      token: aliceToken,
      body: { target_user_id: bob.id, interaction_type: 'like', context: { source: 'recommendation' } },
    });
    expect(like.status).toBe(201);
    expect(like.body).toMatchObject({
      user_id: alice.id,
      target_user_id: bob.id,
      interaction_type: 'like',
      is_match: false,
      context: { source: 'recommendation' },
    });
    expect(typeof like.body.id).toBe('number');

    const back = await api('POST', '/api/v1/interactions/', {
      token: bobToken,
      body: { target_user_id: alice.id, interaction_type: 'super_like' },
    });
    expect(back.status).toBe(201);
    expect(back.body.is_match).toBe(true);

    const mutual = await api('GET', `/api/v1/interactions/mutual/${alice.id}/${bob.id}`, { token: aliceToken });
    expect(mutual.body).toMatchObject({ user_liked: true, target_liked: true, is_match: true, blocked: false });

    const matches = await api('GET', `/api/v1/matches/${bob.id}`, { token: bobToken });
    expect(matches.body.total).toBe(1);
    expect(matches.body.items[0].matched_user_id).toBe(alice.id);
  });

  it('treats a repeated identical swipe as the original, and a changed swipe as a conflict', async () => {
    const again = await api('POST', '/api/v1/interactions/', {
      token: aliceToken,
      body: { target_user_id: bob.id, interaction_type: 'like', context: { source: 'recommendation' } },
    });
    expect(again.status).toBe(200);
    expect(again.body.is_match).toBe(false);
    const changed = await api('POST', '/api/v1/interactions/', {
      token: aliceToken,
      body: { target_user_id: bob.id, interaction_type: 'dislike' },
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toBe('CONFLICT');
    const list = await api('GET', `/api/v1/interactions/user/${alice.id}?direction=given`, { token: aliceToken });
    expect(list.body.total).toBe(1);
  });

  it('shows the match in stats and in the timeline', async () => {
    const stats = await api('GET', `/api/v1/interactions/stats/${alice.id}`, { token: aliceToken });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      given: { like: 1, super_like: 0, dislike: 0, block: 0 },
      received: { super_like: 1 },
      matches: 1,
      like_rate: 1,
    });

    const timeline = await api('GET', `/api/v1/interactions/timeline/${alice.id}?granularity=hour`, {
      token: aliceToken,
    });
    expect(timeline.status).toBe(200);
    const busy = timeline.body.buckets.filter((b: { matches: number }) => b.matches > 0);
    expect(busy).toHaveLength(1);
    expect(busy[0].given.like).toBe(1);
    expect(busy[0].received.super_like).toBe(1);

    const recent = await api('GET', `/api/v1/interactions/recent/${bob.id}?hours=1`, { token: bobToken });
    expect(recent.body.map((i: { interaction_type: string }) => i.interaction_type).sort()).toEqual([
      'like',
      'super_like',
    ]);
  });

  it('dissolves the match when one blocks the other, and hides the pair from each other', async () => {
    const block = await api('POST', '/api/v1/interactions/', {
      token: bobToken,
      body: { target_user_id: alice.id, interaction_type: 'block' },
    });
    expect(block.status).toBe(201);
    expect((await api('GET', `/api/v1/matches/${alice.id}`, { token: aliceToken })).body.total).toBe(0);
    expect((await api('GET', `/api/v1/interactions/stats/${alice.id}`, { token: aliceToken })).body.matches).toBe(0);
    const mutual = await api('GET', `/api/v1/interactions/mutual/${alice.id}/${bob.id}`, { token: aliceToken });
    expect(mutual.body).toMatchObject({
      is_match: false,
      target_liked: false,
      blocked: false,
      target_interaction: null,
    });
    const received = await api('GET', `/api/v1/interactions/user/${alice.id}?direction=received`, {
      token: aliceToken,
    });
    expect(received.body.total).toBe(0);
    const bobsOwn = await api('GET', `/api/v1/interactions/user/${bob.id}?direction=given&interaction_type=block`, {
      token: bobToken,
    });
    expect(bobsOwn.body.total).toBe(1);
  });

  it('deletes a user and everything of theirs', async () => {
    const del = await api('DELETE', `/api/v1/users/${alice.id}`, { token: aliceToken });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: alice.id, deleted: true, removed: { users: 1, interactions: 3 } });
    expect((await api('GET', `/api/v1/users/${alice.id}`)).status).toBe(404);
    expect((await api('GET', `/api/v1/interactions/user/${bob.id}`, { token: bobToken })).body.total).toBe(0);

    const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
    try {
      const users = await db.query('SELECT count(*)::int AS n FROM users WHERE id = $1', [alice.id]);
      const interactions = await db.query(
        'SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1 OR target_id = $1',
        [alice.id],
      );
      const keys = await db.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE actor_id = $1', [alice.id]);
      expect([users.rows[0].n, interactions.rows[0].n, keys.rows[0].n]).toEqual([0, 0, 0]);
    } finally {
      await db.end();
    }
  });

  it('lets the admin list, filter and search users', async () => {
    await createUser({ name: 'Cleo', age: 41, gender: 'non_binary', location: 'Lisbon', interests: ['Surfing'] });
    const lisbon = await api(
      'GET',
      '/api/v1/users/?location=lisbon&min_age=40&max_age=45&gender=non_binary&is_active=true',
      { token: ADMIN() },
    );
    expect(lisbon.status).toBe(200);
    expect(lisbon.body.items.map((u: { name: string }) => u.name)).toEqual(['Cleo']);
    const surfers = await api('GET', '/api/v1/users/search/by-interest?interest=SURFING', { token: ADMIN() });
    expect(surfers.body.items.map((u: { name: string }) => u.name)).toEqual(['Cleo']);
    const active = await api('GET', '/api/v1/users/search/active?within_hours=1', { token: ADMIN() });
    expect(active.body.items.map((u: { id: number }) => u.id)).toContain(bob.id);
  });
});

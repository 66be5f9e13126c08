import { Client } from 'pg';
import { ok, type RecsysClient } from '@app/client';
import { apiClient, createUser, tokenFor } from '../support/api';

/**
 * The realistic story of the foundation: two people join, like each other, match; stats and the
 * timeline show it; a block dissolves the match; a deleted user leaves nothing behind. Told through
 * the typed client (libs/client), as an app backend would.
 */
describe('a dating story through the gateway', () => {
  let alice: { id: number };
  let bob: { id: number };
  /** Each person's own client (their token), and the app backend's (admin). */
  let asAlice: RecsysClient;
  let asBob: RecsysClient;
  const admin = () => apiClient();
  const user = (id: number) => ({ params: { path: { user_id: id } } });

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
    asAlice = apiClient(tokenFor(alice.id));
    asBob = apiClient(tokenFor(bob.id));
  });

  it('creates users with their ids, normalised interests and defaulted preferences', async () => {
    const res = await asBob.GET('/api/v1/users/{user_id}', user(bob.id));
    expect(res.response.status).toBe(200);
    expect(res.data).toMatchObject({
      id: bob.id,
      name: 'Bob',
      interests: ['hiking', 'cooking'],
      preferences: { genders: ['female'], age_min: 21, age_max: 30, max_distance_km: null },
    });
    const a = await ok(asAlice.GET('/api/v1/users/{user_id}', user(alice.id)));
    expect(a.preferences).toEqual({ genders: ['male'], age_min: 18, age_max: 35, max_distance_km: null });
  });

  it('records a like, then a like back completes a match', async () => {
    const like = await asAlice.POST('/api/v1/interactions', {
      body: { target_user_id: bob.id, interaction_type: 'like', context: { source: 'recommendation' } },
    });
    expect(like.response.status).toBe(201);
    expect(like.data).toMatchObject({
      user_id: alice.id,
      target_user_id: bob.id,
      interaction_type: 'like',
      is_match: false,
      context: { source: 'recommendation' },
    });
    expect(typeof like.data!.id).toBe('number');

    const back = await asBob.POST('/api/v1/interactions', {
      body: { target_user_id: alice.id, interaction_type: 'super_like' },
    });
    expect(back.response.status).toBe(201);
    expect(back.data!.is_match).toBe(true);

    const mutual = await ok(
      asAlice.GET('/api/v1/interactions/mutual/{user_id}/{target_user_id}', {
        params: { path: { user_id: alice.id, target_user_id: bob.id } },
      }),
    );
    expect(mutual).toMatchObject({ user_liked: true, target_liked: true, is_match: true, blocked: false });

    const matches = await ok(asBob.GET('/api/v1/matches/{user_id}', user(bob.id)));
    expect(matches.total).toBe(1);
    expect(matches.items[0].matched_user_id).toBe(alice.id);
  });

  it('treats a repeated identical swipe as the original, and a changed swipe as a conflict', async () => {
    const again = await asAlice.POST('/api/v1/interactions', {
      body: { target_user_id: bob.id, interaction_type: 'like', context: { source: 'recommendation' } },
    });
    expect(again.response.status).toBe(200);
    expect(again.data!.is_match).toBe(false);
    const changed = await asAlice.POST('/api/v1/interactions', {
      body: { target_user_id: bob.id, interaction_type: 'dislike' },
    });
    expect(changed.response.status).toBe(409);
    expect(changed.error!.error).toBe('CONFLICT');
    const list = await ok(
      asAlice.GET('/api/v1/interactions/user/{user_id}', {
        params: { path: { user_id: alice.id }, query: { direction: 'given' } },
      }),
    );
    expect(list.total).toBe(1);
  });

  it('shows the match in stats and in the timeline', async () => {
    const stats = await ok(asAlice.GET('/api/v1/interactions/stats/{user_id}', user(alice.id)));
    expect(stats).toMatchObject({
      given: { like: 1, super_like: 0, dislike: 0, block: 0 },
      received: { super_like: 1 },
      matches: 1,
      like_rate: 1,
    });

    const timeline = await ok(
      asAlice.GET('/api/v1/interactions/timeline/{user_id}', {
        params: { path: { user_id: alice.id }, query: { granularity: 'hour' } },
      }),
    );
    const busy = timeline.buckets.filter((b) => b.matches > 0);
    expect(busy).toHaveLength(1);
    expect(busy[0].given.like).toBe(1);
    expect(busy[0].received.super_like).toBe(1);

    const recent = await ok(
      asBob.GET('/api/v1/interactions/recent/{user_id}', {
        params: { path: { user_id: bob.id }, query: { hours: 1 } },
      }),
    );
    expect(recent.map((i) => i.interaction_type).sort()).toEqual(['like', 'super_like']);
  });

  it('dissolves the match when one blocks the other, and hides the pair from each other', async () => {
    const block = await asBob.POST('/api/v1/interactions', {
      body: { target_user_id: alice.id, interaction_type: 'block' },
    });
    expect(block.response.status).toBe(201);
    expect((await ok(asAlice.GET('/api/v1/matches/{user_id}', user(alice.id)))).total).toBe(0);
    expect((await ok(asAlice.GET('/api/v1/interactions/stats/{user_id}', user(alice.id)))).matches).toBe(0);
    const mutual = await ok(
      asAlice.GET('/api/v1/interactions/mutual/{user_id}/{target_user_id}', {
        params: { path: { user_id: alice.id, target_user_id: bob.id } },
      }),
    );
    expect(mutual).toMatchObject({
      is_match: false,
      target_liked: false,
      blocked: false,
      target_interaction: null,
    });
    const received = await ok(
      asAlice.GET('/api/v1/interactions/user/{user_id}', {
        params: { path: { user_id: alice.id }, query: { direction: 'received' } },
      }),
    );
    expect(received.total).toBe(0);
    const bobsOwn = await ok(
      asBob.GET('/api/v1/interactions/user/{user_id}', {
        params: { path: { user_id: bob.id }, query: { direction: 'given', interaction_type: 'block' } },
      }),
    );
    expect(bobsOwn.total).toBe(1);
  });

  it('deletes a user and everything of theirs', async () => {
    const del = await ok(asAlice.DELETE('/api/v1/users/{user_id}', user(alice.id)));
    expect(del).toMatchObject({ id: alice.id, deleted: true, removed: { users: 1, interactions: 3 } });
    expect((await admin().GET('/api/v1/users/{user_id}', user(alice.id))).response.status).toBe(404);
    expect((await ok(asBob.GET('/api/v1/interactions/user/{user_id}', user(bob.id)))).total).toBe(0);

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
    const lisbon = await ok(
      admin().GET('/api/v1/users', {
        params: { query: { location: 'lisbon', min_age: 40, max_age: 45, gender: 'non_binary', is_active: true } },
      }),
    );
    expect(lisbon.items.map((u) => u.name)).toEqual(['Cleo']);
    const surfers = await ok(
      admin().GET('/api/v1/users/search/by-interest', { params: { query: { interest: 'SURFING' } } }),
    );
    expect(surfers.items.map((u) => u.name)).toEqual(['Cleo']);
    const active = await ok(admin().GET('/api/v1/users/search/active', { params: { query: { within_hours: 1 } } }));
    expect(active.items.map((u) => u.id)).toContain(bob.id);
  });
});

import { Client } from 'pg';
import { ADMIN, api, createUser, tokenFor } from '../support/api';
import { waitFor } from '../support/infra';

/**
 * Recommendations through the gateway, with every app running: hard filters, the numbers and
 * reasons of each result, impressions, the cache and its invalidation by a swipe, ranking of a
 * supplied list, the admin endpoints, bad input and other people's data.
 * Everyone here is 70 to 76 and seeks that range, so users of other spec files never qualify.
 */
describe('recommendations through the gateway', () => {
  const base = '/api/v1/recommendations';
  const prefs = (genders: string[]) => ({ genders, age_min: 68, age_max: 80, max_distance_km: 100 });
  const berlin = { location: 'Berlin', latitude: 52.52, longitude: 13.405 };
  let viewer: { id: number };
  let token: string;
  let fan: { id: number };
  let eligible: { id: number }[];
  let excluded: Record<string, { id: number }>;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
    const man = (over: Record<string, unknown> = {}) =>
      createUser({ age: 72, gender: 'male', interests: ['chess'], ...berlin, preferences: prefs(['female']), ...over });
    viewer = await createUser({
      name: 'Vera',
      age: 71,
      gender: 'female',
      interests: ['hiking', 'photography', 'travel'],
      ...berlin,
      preferences: prefs(['male']),
    });
    token = tokenFor(viewer.id);
    fan = await man({ name: 'Fan', interests: ['hiking', 'photography'] });
    eligible = [
      fan,
      await man(),
      await man({ age: 75, interests: ['travel'] }),
      await man({ latitude: 52.4, longitude: 13.1 }),
    ];
    excluded = {
      swiped: await man(),
      blocker: await man(),
      far: await man({ location: 'Munich', latitude: 48.14, longitude: 11.58 }),
      tooYoung: await man({ age: 50 }),
      wrongGender: await createUser({ age: 72, gender: 'female', ...berlin, preferences: prefs(['female']) }),
      seeksOthers: await man({ preferences: prefs(['male']) }),
      deleted: await man(),
    };
    const swipe = (actor: number, target: number, type: string) =>
      api('POST', '/api/v1/interactions/', {
        token: tokenFor(actor),
        body: { target_user_id: target, interaction_type: type },
      });
    expect((await swipe(fan.id, viewer.id, 'like')).status).toBe(201);
    expect((await swipe(viewer.id, excluded.swiped.id, 'dislike')).status).toBe(201);
    expect((await swipe(excluded.blocker.id, viewer.id, 'block')).status).toBe(201);
    expect((await api('DELETE', `/api/v1/users/${excluded.deleted.id}`)).status).toBe(200);
  });
  afterAll(() => db?.end());

  it('recommends only people every hard rule allows, each with its score, probabilities, sources and reasons', async () => {
    const res = await api('GET', `${base}/users/${viewer.id}/recommendations?limit=20`, {
      token,
      headers: { 'x-request-id': 'e2e-recs-1' },
    });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { user_id: number }) => i.user_id);
    expect([...ids].sort()).toEqual(eligible.map((u) => u.id).sort());
    for (const x of Object.values(excluded)) expect(ids).not.toContain(x.id);
    for (const item of res.body.items) {
      expect(item).toEqual(
        expect.objectContaining({
          score: expect.any(Number),
          p_like: expect.any(Number),
          p_liked_back: expect.any(Number),
          explanation: expect.any(Array),
          contributions: [],
        }),
      );
      expect(item.score).toBeCloseTo(item.p_like * item.p_liked_back, 5);
      expect(item.sources.length).toBeGreaterThan(0);
    }
    const fanItem = res.body.items.find((i: { user_id: number }) => i.user_id === fan.id);
    expect(fanItem.explanation).toEqual(expect.arrayContaining(['liked you', 'likes hiking and photography like you']));
    expect(res.body).toMatchObject({
      user_id: viewer.id,
      limit: 20,
      offset: 0,
      cached: false,
      request_id: 'e2e-recs-1',
    });
    expect(Object.keys(res.body.model_versions)).toEqual(
      expect.arrayContaining(['ranker', 'embeddings', 'candidates']),
    );

    // Impressions are written behind the reply, within IMPRESSIONS_FLUSH_MS.
    let rows: { candidate_id: number; position: number }[] = [];
    await waitFor(
      async () => {
        ({ rows } = await db.query(
          'SELECT candidate_id, position, request_id FROM impressions WHERE viewer_id = $1 AND request_id = $2 ORDER BY position',
          [viewer.id, 'e2e-recs-1'],
        ));
        if (rows.length < ids.length) throw new Error(`${rows.length} impressions so far`);
      },
      5000,
      'the impressions of the served list',
    );
    expect(rows.map((r) => r.candidate_id)).toEqual(ids);
    expect(rows.map((r) => r.position)).toEqual(res.body.items.map((i: { position: number }) => i.position));
  });

  it('narrows by the optional filters', async () => {
    const res = await api('GET', `${base}/users/${viewer.id}/recommendations?min_age=74&interest=Travel`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { user_id: number }) => i.user_id)).toEqual([eligible[2].id]);
  });

  it('explains each result with feature contributions', async () => {
    const res = await api('GET', `${base}/users/${viewer.id}/recommendations/explain?limit=2`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    for (const item of res.body.items) {
      expect(item.contributions.length).toBeGreaterThan(0);
      expect(item.contributions[0]).toEqual({
        feature: expect.any(String),
        value: expect.any(Number),
        contribution: expect.any(Number),
      });
    }
  });

  it('serves the cached page until the viewer swipes, then drops the swiped person', async () => {
    const path = `${base}/users/${viewer.id}/recommendations?limit=3&offset=0`;
    let first = await api('GET', path, { token });
    let second = await api('GET', path, { token });
    // Earlier swipes invalidate pages as their events arrive; once settled, a repeat is cached.
    for (let i = 0; i < 30 && !second.body.cached; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = second;
      second = await api('GET', path, { token });
    }
    expect(second.body.cached).toBe(true);
    expect(second.body.items).toEqual(first.body.items);
    const top = first.body.items[0].user_id;
    const like = await api('POST', '/api/v1/interactions/', {
      token,
      body: { target_user_id: top, interaction_type: 'like' },
    });
    expect(like.status).toBe(201);
    // The invalidation travels as an event (outbox → JetStream → ranking-service): allow it a moment.
    let after = await api('GET', path, { token });
    for (let i = 0; i < 30 && after.body.cached; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await api('GET', path, { token });
    }
    expect(after.body.cached).toBe(false);
    expect(after.body.items.map((i: { user_id: number }) => i.user_id)).not.toContain(top);
  });

  it('ranks a list the app supplies; names to an admin the rule that excludes each rejected id, to the user none', async () => {
    const ids = [
      eligible[1].id,
      excluded.swiped.id,
      excluded.blocker.id,
      excluded.wrongGender.id,
      excluded.tooYoung.id,
      excluded.far.id,
      excluded.deleted.id,
      viewer.id,
    ];
    const res = await api('POST', `${base}/users/${viewer.id}/rank`, { token, body: { candidate_ids: ids } });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { user_id: number }) => i.user_id)).toEqual([eligible[1].id]);
    expect(res.body.items[0].contributions.length).toBeGreaterThan(0);
    // The user learns that these cannot be shown, not why (a block, a preference, an account).
    expect(res.body.rejected).toEqual(
      ids
        .slice(1)
        .sort((a, b) => a - b)
        .map((id) => ({ user_id: id, reason: 'unavailable' })),
    );
    const asAdmin = await api('POST', `${base}/users/${viewer.id}/rank`, { body: { candidate_ids: ids } });
    expect(
      Object.fromEntries(asAdmin.body.rejected.map((r: { user_id: number; reason: string }) => [r.user_id, r.reason])),
    ).toEqual({
      [excluded.swiped.id]: 'already_swiped',
      [excluded.blocker.id]: 'blocked',
      [excluded.wrongGender.id]: 'gender_preference',
      [excluded.tooYoung.id]: 'age_preference',
      [excluded.far.id]: 'distance_preference',
      [excluded.deleted.id]: 'not_found',
      [viewer.id]: 'self',
    });
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [string, string, string][] = [
      ['GET', `${base}/users/${viewer.id}/recommendations?limit=0`, 'limit'],
      ['GET', `${base}/users/${viewer.id}/recommendations?limit=abc`, 'limit'],
      ['GET', `${base}/users/${viewer.id}/recommendations?limit=101`, 'limit'],
      ['GET', `${base}/users/${viewer.id}/recommendations?offset=-1`, 'offset'],
      ['GET', `${base}/users/${viewer.id}/recommendations?offset=450&limit=100`, 'offset'],
      ['GET', `${base}/users/${viewer.id}/recommendations?min_age=60&max_age=50`, 'min_age'],
      ['GET', `${base}/users/${viewer.id}/recommendations?max_distance_km=0`, 'max_distance_km'],
      ['GET', `${base}/users/${viewer.id}/recommendations?colour=red`, 'colour'],
      ['GET', `${base}/users/abc/recommendations`, 'user_id'],
      ['GET', `${base}/users/${viewer.id}/recommendations/explain?interest=`, 'interest'],
      ['GET', `${base}/users/${viewer.id}/similar?limit=1000`, 'limit'],
    ];
    for (const [method, path, field] of cases) {
      const res = await api(method, path, { token });
      expect({ path, status: res.status, error: res.body.error }).toEqual({
        path,
        status: 400,
        error: 'VALIDATION_FAILED',
      });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const bodies: [unknown, string][] = [
      [{ candidate_ids: [] }, 'candidate_ids'],
      [{ candidate_ids: Array.from({ length: 501 }, (_, i) => i + 1) }, 'candidate_ids'],
      [{ candidate_ids: ['7'] }, 'candidate_ids'],
      [{ candidate_ids: [0] }, 'candidate_ids'],
      [{}, 'candidate_ids'],
      [{ candidate_ids: [1], extra: true }, 'extra'],
    ];
    for (const [body, field] of bodies) {
      const res = await api('POST', `${base}/users/${viewer.id}/rank`, { token, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const admin = await api('GET', `${base}/performance?window_hours=0`);
    expect(admin.status).toBe(400);
    expect((await api('GET', `${base}/jobs/not%20a%20job`)).status).toBe(400);
    expect((await api('POST', `${base}/refresh`, { body: { reason: 'x'.repeat(201) } })).status).toBe(400);
  });

  it("keeps other people's recommendations and the admin endpoints out of reach (403)", async () => {
    const other = tokenFor(fan.id);
    const forbidden: [string, string, unknown?][] = [
      ['GET', `${base}/users/${viewer.id}/recommendations`],
      ['GET', `${base}/users/${viewer.id}/recommendations/explain`],
      ['GET', `${base}/users/${viewer.id}/similar`],
      ['POST', `${base}/users/${viewer.id}/rank`, { candidate_ids: [eligible[1].id] }],
      ['POST', `${base}/refresh`, {}],
      ['GET', `${base}/performance`],
      ['GET', `${base}/jobs/1`],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await api(method, path, { token: other, body });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect((await api('GET', `${base}/users/${viewer.id}/recommendations`, { token: null })).status).toBe(401);
    expect((await api('GET', `${base}/users/${viewer.id}/recommendations?limit=1`, { token: ADMIN() })).status).toBe(
      200,
    );
  });

  it('reports performance per ranker version to the admin', async () => {
    const res = await api('GET', `${base}/performance?window_hours=1`);
    expect(res.status).toBe(200);
    const versions = res.body.versions as { served: number; pairs: number; liked: number }[];
    expect(versions.reduce((s, v) => s + v.served, 0)).toBeGreaterThan(0);
    expect(versions.reduce((s, v) => s + v.liked, 0)).toBeGreaterThanOrEqual(1);
    expect(res.body.latency_ms.count).toBeGreaterThan(0);
  });

  it('finds similar users, lists model versions, and enqueues a retrain whose job can be followed', async () => {
    const similar = await api('GET', `${base}/users/${viewer.id}/similar?limit=5`, { token });
    expect(similar.status).toBe(200);
    expect(similar.body).toMatchObject({ user_id: viewer.id, items: expect.any(Array) });
    const versions = await api('GET', `${base}/algorithm/versions`, { token });
    expect(versions.status).toBe(200);
    expect(versions.body).toEqual({ versions: expect.any(Array), active: expect.any(Object) });
    const refresh = await api('POST', `${base}/refresh`, { body: { reason: 'e2e' } });
    expect(refresh.status).toBe(202);
    expect(refresh.body).toEqual({ job_id: expect.any(String), name: 'full-retrain' });
    const job = await api('GET', `${base}/jobs/${refresh.body.job_id}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ id: refresh.body.job_id, name: 'full-retrain' });
    expect((await api('GET', `${base}/users/999999/recommendations`)).status).toBe(404);
  });
});

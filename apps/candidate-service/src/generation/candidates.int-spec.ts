import {
  ErrorCode,
  Subjects,
  type CreateUserInput,
  type GenerateCandidatesReply,
} from '../../../../libs/contracts/src';
import { waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

/**
 * candidates.generate over NATS against a crafted population: every hard filter has a person
 * who breaks exactly that rule (and otherwise would be a perfect candidate), next to people
 * who break none. No embeddings model is active here: content, reciprocal and exploration.
 */
describe('candidate-service: hard filters and sources (integration)', () => {
  let fx: ServiceFixture;
  const id: Record<string, number> = {};
  const CHICAGO = { latitude: 41.8781, longitude: -87.6298 };
  // ~30 km north of the Chicago point (Waukegan direction): within 50 km, outside 10 km.
  const NORTH_30KM = { latitude: 42.148, longitude: -87.6298 };
  const NEW_YORK = { latitude: 40.7128, longitude: -74.006 };

  const man = (name: string, extra: Partial<CreateUserInput> = {}): CreateUserInput => ({
    name,
    age: 30,
    gender: 'male',
    interests: ['hiking', 'jazz'],
    ...CHICAGO,
    preferences: { genders: ['female'], age_min: 25, age_max: 35, max_distance_km: 100 },
    ...extra,
  });

  const generate = (userId: number, extra: Record<string, unknown> = {}) =>
    fx.rpc.send(Subjects.candidates.generate, { user_id: userId, ...extra }) as Promise<GenerateCandidatesReply>;
  const ids = (r: GenerateCandidatesReply) => r.candidates.map((c) => c.user_id);

  beforeAll(async () => {
    // Popularity counts are recomputed every second here instead of every 5 minutes, and the
    // profiles' periodic re-read of what changed runs every second (the test back-dates
    // created_at in SQL, which sends no event; bumping updated_at is what that re-read sees).
    fx = await startServiceFixture('candidates', ['user-service', 'interaction-service', 'candidate-service'], {
      CANDIDATE_POPULARITY_REFRESH_MS: '1000',
      PROFILES_RELOAD_MS: '1000',
    });
    const create = async (key: string, input: CreateUserInput) =>
      (id[key] = (await fx.rpc.send(Subjects.users.create, input)).id);
    await create('viewer', {
      name: 'Vera',
      age: 30,
      gender: 'female',
      interests: ['hiking', 'jazz', 'chess'],
      ...CHICAGO,
      preferences: { genders: ['male'], age_min: 25, age_max: 35, max_distance_km: 50 },
    });
    await create('e1', man('E1 shares two interests'));
    await create('e2', man('E2 shares none', { interests: ['golf'], age: 34 }));
    await create(
      'e3',
      man('E3 nearby, other prefs wide', {
        ...NORTH_30KM,
        preferences: { genders: ['female', 'male'], age_min: 18, age_max: 60, max_distance_km: null },
      }),
    );
    await create('e4', man('E4 without location', { latitude: null, longitude: null }));
    await create('liker', man('L1 liked Vera'));
    await create('superLiker', man('L2 super-liked Vera'));
    await create('blocked', man('B1 blocked by Vera'));
    await create('blocker', man('B2 blocked Vera'));
    await create('liked', man('S1 liked by Vera'));
    await create('disliked', man('S2 disliked by Vera'));
    await create('inactive', man('I1 inactive', { is_active: false }));
    await create(
      'wrongGender',
      man('G1 a woman seeking women', {
        gender: 'female',
        preferences: { genders: ['female'], age_min: 25, age_max: 35, max_distance_km: 100 },
      }),
    );
    await create(
      'seeksMen',
      man('G2 a man seeking men', {
        preferences: { genders: ['male'], age_min: 25, age_max: 35, max_distance_km: 100 },
      }),
    );
    await create(
      'tooOld',
      man('A1 too old for Vera', {
        age: 40,
        preferences: { genders: ['female'], age_min: 25, age_max: 45, max_distance_km: 100 },
      }),
    );
    await create(
      'wantsYounger',
      man('A2 wants under 26', {
        preferences: { genders: ['female'], age_min: 18, age_max: 25, max_distance_km: 100 },
      }),
    );
    await create(
      'farAway',
      man('D1 in New York, no limit of his own', {
        ...NEW_YORK,
        preferences: { genders: ['female'], age_min: 25, age_max: 35, max_distance_km: null },
      }),
    );
    await create(
      'wantsCloser',
      man('D2 30 km away, wants 10 km', {
        ...NORTH_30KM,
        preferences: { genders: ['female'], age_min: 25, age_max: 35, max_distance_km: 10 },
      }),
    );
    await create('newbie', {
      name: 'Nina, no swipes yet',
      age: 29,
      gender: 'female',
      interests: ['jazz'],
      ...CHICAGO,
      preferences: { genders: ['male'], age_min: 25, age_max: 35, max_distance_km: 50 },
    });
    const swipe = (actor: string, target: string, type: 'like' | 'super_like' | 'dislike' | 'block') =>
      fx.rpc.send(Subjects.interactions.create, {
        user_id: id[actor],
        target_user_id: id[target],
        interaction_type: type,
      });
    await swipe('viewer', 'blocked', 'block');
    await swipe('blocker', 'viewer', 'block');
    await swipe('viewer', 'liked', 'like');
    await swipe('viewer', 'disliked', 'dislike');
    await swipe('liker', 'viewer', 'like');
    await swipe('superLiker', 'viewer', 'super_like');
    // Popularity for cold start: three people liked E3, one liked E1.
    await swipe('wrongGender', 'e3', 'like');
    await swipe('tooOld', 'e3', 'like');
    await swipe('farAway', 'e3', 'like');
    await swipe('seeksMen', 'e1', 'like');
    // Everyone so far joined three months ago; one newcomer joins now (the fresh arm's target).
    await fx.db.query(`UPDATE users SET created_at = now() - interval '90 days', updated_at = now()`);
    await create('newcomer', man('N1 joined today'));
    // Profiles reach the service's in-memory table through the user events (milliseconds).
    await waitFor(
      async () => {
        if (!ids(await generate(id.viewer, { k: 500 })).includes(id.newcomer)) throw new Error('newcomer not seen yet');
      },
      10_000,
      'the newest profile reaching candidate generation',
    );
  }, 60_000);
  afterAll(() => fx?.stop());

  const ineligible = [
    'viewer',
    'blocked',
    'blocker',
    'liked',
    'disliked',
    'inactive',
    'wrongGender',
    'seeksMen',
    'tooOld',
    'wantsYounger',
    'farAway',
    'wantsCloser',
  ];

  it('returns every eligible person and none who breaks a hard filter', async () => {
    const reply = await generate(id.viewer, { k: 500 });
    const got = ids(reply);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'liker', 'superLiker', 'newcomer'].map((k) => id[k]).sort());
    for (const key of ineligible) expect(got).not.toContain(id[key]);
    expect(reply).toMatchObject({ user_id: id.viewer, model_version: null, cold_start: false });
  });

  it('tags likers as reciprocal, super likes scoring higher, and content by shared interests', async () => {
    const reply = await generate(id.viewer, { k: 500 });
    const byId = new Map(reply.candidates.map((c) => [c.user_id, c]));
    expect(byId.get(id.superLiker)).toMatchObject({ scores: { reciprocal: 2 } });
    expect(byId.get(id.liker)).toMatchObject({ scores: { reciprocal: 1 }, liked_viewer: true });
    expect(byId.get(id.liker)!.sources).toContain('reciprocal');
    expect(byId.get(id.e1)!.sources).not.toContain('reciprocal');
    expect(byId.get(id.e1)!.scores.content!).toBeGreaterThan(byId.get(id.e2)!.scores.content!);
  });

  it('applies request filters on top of both people\u2019s preferences', async () => {
    expect(ids(await generate(id.viewer, { k: 50, filters: { interest: ' JAZZ ' } })).sort()).toEqual(
      ['e1', 'e3', 'e4', 'liker', 'superLiker', 'newcomer'].map((k) => id[k]).sort(),
    );
    expect(ids(await generate(id.viewer, { k: 50, filters: { min_age: 31 } }))).toEqual([id.e2]);
    expect(ids(await generate(id.viewer, { k: 50, filters: { max_age: 29 } }))).toEqual([]);
    // Within 5 km: E3 (30 km) goes, and so does E4, whose distance is unknown.
    const near = ids(await generate(id.viewer, { k: 50, filters: { max_distance_km: 5 } }));
    expect(near.sort()).toEqual(['e1', 'e2', 'liker', 'superLiker', 'newcomer'].map((k) => id[k]).sort());
  });

  it('truncates to k after filtering, keeping each person once', async () => {
    const reply = await generate(id.viewer, { k: 2 });
    expect(reply.candidates).toHaveLength(2);
    for (const c of reply.candidates) expect(ineligible.map((k) => id[k])).not.toContain(c.user_id);
  });

  it('gives a cold-start viewer content, popular and new candidates', async () => {
    // Only the popular arm can score 1 for a three-month-old profile (the fresh arm gives a
    // 90-day-old profile about 0.5 at most); E3 is the most liked person, so popularity has been
    // counted; E2's low exploration score shows the back-dated created_at has been re-read.
    await waitFor(
      async () => {
        const r = await generate(id.newbie);
        const byId = new Map(r.candidates.map((c) => [c.user_id, c]));
        if (byId.get(id.e3)?.scores.exploration !== 1 || (byId.get(id.e2)?.scores.exploration ?? 0) >= 0.51)
          throw new Error(JSON.stringify(r.candidates));
      },
      10_000,
      'popularity counted and profiles re-read',
    );
    const reply = await generate(id.newbie);
    expect(reply.cold_start).toBe(true);
    const byId = new Map(reply.candidates.map((c) => [c.user_id, c]));
    expect(byId.get(id.e1)!.sources).toContain('content');
    expect(byId.get(id.e1)!.scores.content!).toBeGreaterThan(byId.get(id.e2)!.scores.content ?? 0);
    // New and never shown: newness and under-exposure both near 1.
    expect(byId.get(id.newcomer)!.scores.exploration!).toBeGreaterThan(0.9);
    expect(byId.get(id.e2)!.scores.exploration ?? 0).toBeLessThan(0.51);
    expect(reply.candidates.every((c) => c.sources.some((s) => s === 'content' || s === 'exploration'))).toBe(true);
    // Eligible for Nina (not for Vera): the men Vera swiped or blocked.
    expect(ids(reply)).toEqual(expect.arrayContaining([id.blocked, id.liked]));
    for (const key of [
      'viewer',
      'inactive',
      'wrongGender',
      'seeksMen',
      'tooOld',
      'wantsYounger',
      'farAway',
      'wantsCloser',
    ])
      expect(ids(reply)).not.toContain(id[key]);
  });

  it('answers NOT_FOUND for an unknown viewer and VALIDATION_FAILED for bad input', async () => {
    await expect(fx.rpc.send(Subjects.candidates.generate, { user_id: 999_999 })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect(await fx.rpc.sendExpectingError(Subjects.candidates.generate, { user_id: id.viewer, k: 501 })).toMatchObject(
      { code: ErrorCode.ValidationFailed, details: [{ field: 'k' }] },
    );
    const unlocated = (await fx.rpc.send(Subjects.users.create, { name: 'Nowhere', age: 30, gender: 'female' })).id;
    expect(
      await fx.rpc.sendExpectingError(Subjects.candidates.generate, {
        user_id: unlocated,
        filters: { max_distance_km: 10 },
      }),
    ).toMatchObject({ details: [{ field: 'filters.max_distance_km' }] });
  });

  it('hides a candidate once the viewer swipes them, and places a new liker, from the events, in the history it keeps', async () => {
    // The viewer's history is held in memory since the tests above; the swipe reaches it with its event.
    await fx.rpc.send(Subjects.interactions.create, {
      user_id: id.viewer,
      target_user_id: id.e2,
      interaction_type: 'dislike',
    });
    await waitFor(
      async () => {
        if (ids(await generate(id.viewer, { k: 500 })).includes(id.e2)) throw new Error('still a candidate');
      },
      5_000,
      'the swipe reaching the kept history',
    );
    const before = await generate(id.viewer, { k: 500 });
    expect(before.candidates.find((c) => c.user_id === id.e1)).toMatchObject({ liked_viewer: false });
    expect(before.cold_start).toBe(false);
    await fx.rpc.send(Subjects.interactions.create, {
      user_id: id.e1,
      target_user_id: id.viewer,
      interaction_type: 'super_like',
    });
    await waitFor(
      async () => {
        const e1 = (await generate(id.viewer, { k: 500 })).candidates.find((c) => c.user_id === id.e1);
        if (!e1?.liked_viewer || !e1.sources.includes('reciprocal'))
          throw new Error(`not a liker yet: ${JSON.stringify(e1)}`);
      },
      5_000,
      'the like reaching the kept history',
    );
    expect(await fx.rpc.send(Subjects.candidates.similar, { user_id: id.viewer, limit: 5 })).toEqual({
      user_id: id.viewer,
      items: [],
      model_version: null,
    });
  });

  it('catches up, through its periodic re-read, with a profile written and then deleted in SQL, behind the events', async () => {
    // Written 55 s "ago": still inside the re-read's one-minute margin for late commits, and old
    // enough that its absence counts as a deletion once the database's clock passes a minute.
    const { rows } = await fx.db.query(
      `INSERT INTO users (name, age, gender, interests, latitude, longitude, pref_genders, pref_age_min, pref_age_max, pref_max_distance_km, created_at, updated_at)
       VALUES ('Silent, written in SQL', 30, 'male', '{hiking}', $1, $2, '{female}', 25, 35, 100, now() - interval '90 days', now() - interval '55 seconds') RETURNING id`,
      [CHICAGO.latitude, CHICAGO.longitude],
    );
    const silent = rows[0].id as number;
    await waitFor(
      async () => {
        if (!ids(await generate(id.viewer, { k: 500 })).includes(silent)) throw new Error('not seen yet');
      },
      10_000,
      'the re-read finding a profile written without an event',
    );
    await fx.db.query('DELETE FROM users WHERE id = $1', [silent]);
    await waitFor(
      async () => {
        if (ids(await generate(id.viewer, { k: 500 })).includes(silent)) throw new Error('still a candidate');
      },
      20_000,
      'the re-read noticing a deletion without an event',
    );
  }, 40_000);
});

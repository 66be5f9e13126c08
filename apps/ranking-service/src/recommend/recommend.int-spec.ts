import { jetstream } from '@nats-io/jetstream';
import { ErrorCode, Subjects } from '../../../../libs/contracts/src';
import { FEATURE_NAMES, pairVectors } from '../../../../libs/ml/src/features';
import { predict, serializeRanker, type RankerModel } from '../../../../libs/ml/src/ranker/model';
import { waitFor } from '../../../../test/support/infra';
import { profileMaker, type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

/**
 * ranking-service with the real candidate, feature, user and interaction services: the whole
 * recommendation flow over NATS, on real PostgreSQL, Redis and JetStream.
 */
describe('ranking-service (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('ranking', [
      'user-service',
      'interaction-service',
      'feature-service',
      'candidate-service',
      'ranking-service',
    ]);
  }, 150_000);
  afterAll(() => fx?.stop());

  const { newUser, woman } = profileMaker(() => fx);
  const swipe = (
    user_id: number,
    target_user_id: number,
    interaction_type: 'like' | 'dislike' | 'super_like' | 'block',
  ) => fx.rpc.send(Subjects.interactions.create, { user_id, target_user_id, interaction_type, context: null });
  const recommend = (user_id: number, over: Partial<{ limit: number; offset: number; explain: boolean }> = {}) =>
    fx.rpc.send(Subjects.ranking.recommend, { user_id, limit: 20, offset: 0, explain: false, ...over });

  /** A small market: a viewer, people she may see, and people every hard rule excludes. */
  async function market() {
    const viewer = await woman({ interests: ['hiking', 'photography', 'travel'] });
    const fan = await newUser({ interests: ['hiking', 'photography'] });
    const fits = await Promise.all([newUser(), newUser({ interests: ['travel'] }), newUser({ age: 33 })]);
    const swiped = await newUser();
    const blocker = await newUser();
    const otherGender = await woman();
    const tooOld = await newUser({ age: 60 });
    const inactive = await newUser();
    await swipe(fan.id, viewer.id, 'like');
    await swipe(viewer.id, swiped.id, 'dislike');
    await swipe(blocker.id, viewer.id, 'block');
    await fx.rpc.send(Subjects.users.update, { id: inactive.id, changes: { is_active: false } });
    // Profiles reach candidate generation through the user events, within milliseconds.
    await waitFor(
      async () => {
        const got = (await fx.rpc.send(Subjects.candidates.generate, { user_id: viewer.id, k: 500 })).candidates.map(
          (c) => c.user_id,
        );
        if (got.includes(inactive.id) || ![fan, ...fits].every((u) => got.includes(u.id)))
          throw new Error(`candidates so far: ${got.join(',')}`);
      },
      5000,
      'the new profiles reaching candidate generation',
    );
    return { viewer, fan, fits, excluded: [swiped, blocker, otherGender, tooOld, inactive] };
  }

  it('recommends only eligible people, each with its numbers, sources and reasons, and logs the impressions', async () => {
    const m = await market();
    const reply = await fx.rpc.send(
      Subjects.ranking.recommend,
      { user_id: m.viewer.id, limit: 20, offset: 0, explain: false },
      { requestId: 'rec-int-1' },
    );
    const ids = reply.items.map((i) => i.user_id);
    expect(ids.sort()).toEqual([m.fan.id, ...m.fits.map((f) => f.id)].sort());
    for (const x of m.excluded) expect(ids).not.toContain(x.id);
    for (const item of reply.items) {
      expect(item.score).toBeCloseTo(item.p_like * item.p_liked_back, 5);
      expect(item.p_like).toBeGreaterThan(0);
      expect(item.p_liked_back).toBeGreaterThan(0);
      expect(item.sources.length).toBeGreaterThan(0);
      expect(item.contributions).toEqual([]);
    }
    const fan = reply.items.find((i) => i.user_id === m.fan.id)!;
    expect(fan.explanation).toEqual(expect.arrayContaining(['liked you', 'likes hiking and photography like you']));
    expect(fan.sources).toContain('reciprocal');
    expect(reply).toMatchObject({
      scorer: 'fallback',
      cached: false,
      request_id: 'rec-int-1',
      model_versions: { ranker: null },
    });
    // Impressions are written behind the reply, within IMPRESSIONS_FLUSH_MS.
    let rows: {
      candidate_id: number;
      position: number;
      score: number;
      request_id: string;
      model_versions: { ranker: number | null };
    }[] = [];
    await waitFor(
      async () => {
        ({ rows } = await fx.db.query(
          'SELECT candidate_id, position, score, request_id, model_versions FROM impressions WHERE viewer_id = $1 ORDER BY position',
          [m.viewer.id],
        ));
        if (rows.length < reply.items.length) throw new Error(`${rows.length} impressions so far`);
      },
      5000,
      'the impressions of the served list',
    );
    expect(rows.map((r) => r.candidate_id)).toEqual(reply.items.map((i) => i.user_id));
    expect(rows.map((r) => r.position)).toEqual(reply.items.map((i) => i.position));
    expect(rows.every((r) => r.request_id === 'rec-int-1' && r.model_versions.ranker === null)).toBe(true);
    expect(rows[0].score).toBeCloseTo(reply.items[0].score, 5);
  });

  it('serves a cached page until the viewer swipes, then recomputes without the swiped person', async () => {
    const m = await market();
    // The market's own swipes invalidate the viewer's pages as their events arrive; once they
    // have, a repeated request is answered from the cache.
    let first = await recommend(m.viewer.id, { limit: 3 });
    expect(first.cached).toBe(false);
    let second = await recommend(m.viewer.id, { limit: 3 });
    for (let i = 0; i < 30 && !second.cached; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = second;
      second = await recommend(m.viewer.id, { limit: 3 });
    }
    expect(second.cached).toBe(true);
    expect(second.items).toEqual(first.items);
    expect((await recommend(m.viewer.id, { limit: 3, explain: true })).cached).toBe(false);
    const top = first.items[0].user_id;
    await swipe(m.viewer.id, top, 'like');
    await waitFor(
      async () => {
        const after = await recommend(m.viewer.id, { limit: 3 });
        if (after.cached) throw new Error('still the cached page');
        expect(after.items.map((i) => i.user_id)).not.toContain(top);
      },
      3000,
      'cache invalidated by the swipe',
    );
  });

  it('drops every cached page that could show someone who left, and a viewer\u2019s pages when they change', async () => {
    const m = await market();
    const cachedPage = async () => {
      let page = await recommend(m.viewer.id, { limit: 5 });
      for (let i = 0; i < 30 && !page.cached; i++)
        page = await new Promise((r) => setTimeout(r, 100)).then(() => recommend(m.viewer.id, { limit: 5 }));
      expect(page.cached).toBe(true);
      return page;
    };
    const leaving = (await cachedPage()).items[0].user_id;
    await fx.rpc.send(Subjects.users.delete, { id: leaving });
    await waitFor(
      async () => {
        const after = await recommend(m.viewer.id, { limit: 5 });
        if (after.cached) throw new Error('still the cached page');
        expect(after.items.map((i) => i.user_id)).not.toContain(leaving);
      },
      3000,
      'cache dropped after a deletion',
    );
    await cachedPage();
    await fx.rpc.send(Subjects.users.update, {
      id: m.viewer.id,
      changes: { preferences: { genders: ['male'], age_min: 18, age_max: 31 } },
    });
    await waitFor(
      async () => {
        const after = await recommend(m.viewer.id, { limit: 5 });
        if (after.cached) throw new Error('still the cached page');
        // 33-year-old fits[2] is now outside her range.
        expect(after.items.map((i) => i.user_id)).not.toContain(m.fits[2].id);
      },
      3000,
      'cache dropped after the viewer changed her preferences',
    );
  });

  it('explains with contributions on request and pages without repeating anyone', async () => {
    const m = await market();
    const page1 = await recommend(m.viewer.id, { limit: 2, explain: true });
    const page2 = await recommend(m.viewer.id, { limit: 2, offset: 2, explain: true });
    expect(page1.items.map((i) => i.position)).toEqual([1, 2]);
    expect(page2.items.map((i) => i.position)).toEqual([3, 4]);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.user_id)).size).toBe(4);
    for (const item of page1.items) {
      expect(item.contributions.length).toBeGreaterThan(0);
      expect(FEATURE_NAMES).toContain(item.contributions[0].feature);
    }
  });

  it('ranks an app-supplied list and rejects the ineligible with the rule', async () => {
    const m = await market();
    const [swiped, blocker, otherGender, tooOld, inactive] = m.excluded;
    const reply = await fx.rpc.send(Subjects.ranking.rank, {
      user_id: m.viewer.id,
      candidate_ids: [
        m.fits[0].id,
        m.fan.id,
        swiped.id,
        blocker.id,
        otherGender.id,
        tooOld.id,
        inactive.id,
        m.viewer.id,
        987_654,
      ],
    });
    expect(reply.items.map((i) => i.user_id).sort()).toEqual([m.fan.id, m.fits[0].id].sort());
    expect(reply.items[0].score).toBeGreaterThanOrEqual(reply.items[1].score);
    expect(reply.items.every((i) => i.contributions.length > 0 && i.explanation.length > 0)).toBe(true);
    expect(Object.fromEntries(reply.rejected.map((r) => [r.user_id, r.reason]))).toEqual({
      [swiped.id]: 'already_swiped',
      [blocker.id]: 'blocked',
      [otherGender.id]: 'gender_preference',
      [tooOld.id]: 'age_preference',
      [inactive.id]: 'inactive',
      [m.viewer.id]: 'self',
      987654: 'not_found',
    });
  });

  it('refuses bad input and unknown viewers with coded errors', async () => {
    expect(
      await fx.rpc.sendExpectingError(Subjects.ranking.recommend, { user_id: 1, limit: 0, offset: 0, explain: false }),
    ).toMatchObject({ code: ErrorCode.ValidationFailed, details: [{ field: 'limit' }] });
    expect(await fx.rpc.sendExpectingError(Subjects.ranking.rank, { user_id: 1, candidate_ids: [] })).toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: [{ field: 'candidate_ids' }],
    });
    expect(
      await fx.rpc.sendExpectingError(Subjects.ranking.rank, { user_id: 999_999, candidate_ids: [1] }),
    ).toMatchObject({ code: ErrorCode.NotFound });
    expect(
      await fx.rpc.sendExpectingError(Subjects.ranking.recommend, {
        user_id: 999_999,
        limit: 5,
        offset: 0,
        explain: false,
      }),
    ).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('switches to an activated ranker without a restart, scoring with its weights', async () => {
    const m = await market();
    const weights = Float32Array.from(FEATURE_NAMES, (name) =>
      name === 'candidate_liked_viewer' ? 3 : name === 'interest_jaccard' ? 1.5 : 0,
    );
    const model: RankerModel = {
      featureNames: [...FEATURE_NAMES],
      means: new Float32Array(FEATURE_NAMES.length),
      stds: new Float32Array(FEATURE_NAMES.length).fill(1),
      weights,
      bias: -1,
      metrics: null,
    };
    await fx.db.query(
      `INSERT INTO model_versions (kind, version, status, artifact, activated_at) VALUES ('ranker', 7, 'active', $1, now())`,
      [Buffer.from(serializeRanker(model))],
    );
    await jetstream(fx.rpc.connection).publish(
      Subjects.events.modelActivated,
      JSON.stringify({ kind: 'ranker', version: 7 }),
      { msgID: 'activate-ranker-7' },
    );
    await waitFor(
      async () => {
        if (
          (await fx.rpc.send(Subjects.ranking.rank, { user_id: m.viewer.id, candidate_ids: [m.fan.id] })).scorer !==
          'ranker'
        )
          throw new Error('not swapped yet');
      },
      5000,
      'ranker 7 active',
    );
    const reply = await recommend(m.viewer.id, { explain: true });
    expect(reply).toMatchObject({ scorer: 'ranker', model_versions: { ranker: 7 } });
    const features = await fx.rpc.send(Subjects.features.batch, {
      viewer_id: m.viewer.id,
      candidate_ids: reply.items.map((i) => i.user_id),
    });
    const expected = predict(model, pairVectors(features.vectors, features.items.length, FEATURE_NAMES.length).forward);
    features.items.forEach((f, i) =>
      expect(reply.items.find((r) => r.user_id === f.candidate_id)!.p_like).toBeCloseTo(expected[i], 5),
    );
    expect(reply.items[0].user_id).toBe(m.fan.id);
  });

  it('reports served counts, like and match rates per ranker version, and latency', async () => {
    const m = await market();
    const served = await recommend(m.viewer.id, { limit: 20 });
    const liked = served.items.find((i) => i.user_id === m.fan.id)!;
    await swipe(m.viewer.id, liked.user_id, 'like'); // the fan liked her before: a match
    const other = served.items.find((i) => i.user_id !== m.fan.id)!;
    await swipe(m.viewer.id, other.user_id, 'like');
    // Impressions are written behind the replies: wait for this page's before comparing.
    await waitFor(
      async () => {
        const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM impressions WHERE viewer_id = $1', [
          m.viewer.id,
        ]);
        if (rows[0].n < served.items.length) throw new Error(`${rows[0].n} impressions so far`);
      },
      5000,
      'the impressions of the served page',
    );
    const report = await fx.rpc.send(Subjects.ranking.performance, { window_hours: 1 });
    const { rows } = await fx.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT (viewer_id, candidate_id))::int AS pairs FROM impressions WHERE model_versions->>'ranker' = '7'`,
    );
    const v7 = report.versions.find((v) => v.ranker_version === 7)!;
    expect(v7).toMatchObject({ scorer: 'ranker', served: rows[0].n, pairs: rows[0].pairs });
    expect(v7.liked).toBeGreaterThanOrEqual(2);
    expect(v7.matched).toBeGreaterThanOrEqual(1);
    expect(v7.like_rate).toBeCloseTo(v7.liked / v7.pairs, 3);
    expect(report.versions.find((v) => v.ranker_version === null)).toMatchObject({ scorer: 'fallback' });
    expect(report.latency_ms.count).toBeGreaterThan(0);
    expect(report.latency_ms.p99).toBeGreaterThanOrEqual(report.latency_ms.p50);
    expect(await fx.rpc.sendExpectingError(Subjects.ranking.performance, { window_hours: 0 })).toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
  });

  it('serves a degraded page in candidate order, not a 503, while the feature store does not answer', async () => {
    const m = await market();
    const features = fx.processes.get('feature-service')!;
    features.kill('SIGSTOP');
    try {
      const started = Date.now();
      const degraded = await recommend(m.viewer.id, { limit: 20 });
      // Within FEATURES_TIMEOUT_MS (1 s) and the rest of the flow, well before RPC_TIMEOUT_MS (5 s).
      expect(Date.now() - started).toBeLessThan(4000);
      expect(degraded).toMatchObject({ degraded: true, scorer: 'fallback', cached: false });
      expect(degraded.model_versions.ranker).toBeNull();
      // The same hard rules (candidate generation applies them), the fan who liked her first.
      const ids = degraded.items.map((i) => i.user_id);
      expect(ids[0]).toBe(m.fan.id);
      for (const excluded of m.excluded) expect(ids).not.toContain(excluded.id);
      for (const item of degraded.items) {
        expect(item.p_like).toBeGreaterThan(0);
        expect(item.p_like).toBeLessThan(1);
      }
      // Not cached: the next request asks the feature store again.
      expect(await recommend(m.viewer.id, { limit: 20 })).toMatchObject({ degraded: true, cached: false });
    } finally {
      features.kill('SIGCONT');
    }
    await waitFor(
      async () => expect(await recommend(m.viewer.id, { limit: 20 })).toMatchObject({ degraded: false }),
      15_000,
      'the full ranking back',
    );
  });
});

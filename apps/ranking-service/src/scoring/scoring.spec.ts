import type { FeatureBatchReply, PairFeatureView } from '@app/contracts';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES, packVectors, pairFeatures } from '@app/ml/features';
import { predict, type RankerModel } from '@app/ml/ranker/model';
import type { Profile } from '@app/ml/types';
import { FALLBACK_RANKER } from './fallback-ranker';
import { pageOfRecommendations, rankedList } from './rank-views';
import { assertSameFeatures, explainPair, MAX_CONTRIBUTIONS, scorePairs } from './score-pairs';
import { rejectionsFor, viewPolicy } from '../privacy/recommendation-disclosure';

const ADMIN = viewPolicy({ role: 'admin', revealsReceivedLikes: true, receivedTypes: [] });

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const person = (id: number, over: Partial<Profile> = {}): Profile => ({
  id,
  age: 30,
  gender: 'female',
  gendersSought: ['male'],
  ageMin: 25,
  ageMax: 35,
  latitude: 52.52,
  longitude: 13.4,
  maxDistanceKm: null,
  interests: ['cooking'],
  createdAt: NOW - 400 * DAY,
  isActive: true,
  ...over,
});
const alice = person(1, { interests: ['hiking', 'photography', 'travel'] });

interface TestPair {
  item: PairFeatureView;
  forward: Float32Array;
  backward: Float32Array;
}

/** What feature-service computes for (alice, candidate): built with the same libs/ml code. */
function pair(candidate: Profile, likedViewer = false, likesReceived = 0): TestPair {
  const f = pairFeatures({
    viewer: alice,
    candidate,
    candidateLikedViewer: likedViewer,
    nowMs: NOW,
    marketLikeRate: 0.3,
  });
  const b = pairFeatures({ viewer: candidate, candidate: alice, nowMs: NOW, marketLikeRate: 0.3 });
  const item = {
    candidate_id: candidate.id,
    shared_interests: f.sharedInterests,
    distance_km: f.distanceKm,
    liked_viewer: likedViewer,
    likes_received: likesReceived,
    days_since_joined: (NOW - candidate.createdAt) / DAY,
  };
  return { item, forward: f.vector, backward: b.vector };
}

/** The feature batch reply of these pairs, as feature-service sends it. */
const batch = (pairs: TestPair[]): Pick<FeatureBatchReply, 'items' | 'vectors'> => ({
  items: pairs.map((p) => p.item),
  vectors: packVectors(
    pairs.flatMap((p) => [p.forward, p.backward]),
    FEATURE_COUNT,
  ),
});
const man = (id: number, over: Partial<Profile> = {}) =>
  person(id, { gender: 'male', gendersSought: ['female'], ...over });

describe('the fallback ranker', () => {
  it('covers the whole feature list with positive scales, so explanations work as with a learned one', () => {
    expect(FALLBACK_RANKER.featureNames).toEqual([...FEATURE_NAMES]);
    expect(Array.from(FALLBACK_RANKER.stds).every((s) => s === 1)).toBe(true);
    expect(FALLBACK_RANKER.weights[FEATURE_INDEX.candidate_liked_viewer]).toBeGreaterThan(0);
  });

  it('prefers someone who liked you and shares your interests over a stranger with nothing in common', () => {
    const [fan, stranger] = scorePairs(
      FALLBACK_RANKER,
      batch([pair(man(2, { interests: ['hiking', 'photography'] }), true), pair(man(3, { interests: ['golf'] }))]),
    );
    expect(fan.pLike).toBeGreaterThan(stranger.pLike);
    expect(fan.pLike).toBeGreaterThan(0);
    expect(fan.pLike).toBeLessThan(1);
  });

  it('scores the reverse direction from the backward vector: a candidate outside whose age range the viewer falls is unlikely to like back', () => {
    const [fits, tooOld] = scorePairs(FALLBACK_RANKER, batch([pair(man(2)), pair(man(3, { ageMin: 18, ageMax: 22 }))]));
    expect(tooOld.pLike).toBeCloseTo(fits.pLike, 6);
    expect(tooOld.pLikedBack).toBeLessThan(fits.pLikedBack);
  });
});

describe('scorePairs with a learned ranker', () => {
  it('returns exactly what libs/ml predict gives for each direction', () => {
    const weights = Float32Array.from(FEATURE_NAMES, (_, i) => ((i % 5) - 2) / 10);
    const model: RankerModel = {
      featureNames: [...FEATURE_NAMES],
      means: new Float32Array(FEATURE_NAMES.length),
      stds: new Float32Array(FEATURE_NAMES.length).fill(2),
      weights,
      bias: 0.1,
      metrics: null,
    };
    const items = [pair(man(2)), pair(man(3, { interests: ['hiking'] }), true)];
    const scored = scorePairs(model, batch(items));
    expect(scored.map((s) => s.pLike)).toEqual(
      Array.from(
        predict(
          model,
          items.map((i) => i.forward),
        ),
      ),
    );
    expect(scored.map((s) => s.pLikedBack)).toEqual(
      Array.from(
        predict(
          model,
          items.map((i) => i.backward),
        ),
      ),
    );
  });

  it('refuses vectors built on another feature list', () => {
    expect(() => assertSameFeatures(FALLBACK_RANKER, [...FEATURE_NAMES].reverse())).toThrow(/differ/);
    expect(() => assertSameFeatures(FALLBACK_RANKER, FEATURE_NAMES.slice(1))).toThrow(/differ/);
    expect(() => assertSameFeatures(FALLBACK_RANKER, FEATURE_NAMES)).not.toThrow();
  });
});

describe('explanations', () => {
  it('says "liked you", names shared interests and "new here" for a fresh profile', () => {
    // 67 km away: too far for a distance reason, which would otherwise take one of the three places.
    const [newcomer] = scorePairs(
      FALLBACK_RANKER,
      batch([pair(man(2, { interests: ['Hiking', 'photography'], createdAt: NOW - 2 * DAY, latitude: 53.12 }), true)]),
    );
    const { explanation } = explainPair(FALLBACK_RANKER, newcomer, false, ADMIN);
    expect(explanation).toEqual(
      expect.arrayContaining(['liked you', 'likes hiking and photography like you', 'new here']),
    );
  });

  it('gives contributions only when asked, largest first, with the raw feature values', () => {
    const [item] = scorePairs(FALLBACK_RANKER, batch([pair(man(2, { interests: ['hiking'] }), true)]));
    expect(explainPair(FALLBACK_RANKER, item, false, ADMIN).contributions).toEqual([]);
    const { contributions } = explainPair(FALLBACK_RANKER, item, true, ADMIN);
    expect(contributions.length).toBeGreaterThan(0);
    expect(contributions.length).toBeLessThanOrEqual(MAX_CONTRIBUTIONS);
    const sizes = contributions.map((c) => Math.abs(c.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(contributions.find((c) => c.feature === 'candidate_liked_viewer')).toEqual({
      feature: 'candidate_liked_viewer',
      value: 1,
      contribution: 2,
    });
  });

  it('gives the same reasons whether or not it computes every contribution', () => {
    // A model whose weights make every reason's features count, some up and some down.
    const model: RankerModel = {
      ...FALLBACK_RANKER,
      weights: Float32Array.from(FEATURE_NAMES, (_, j) => ((j * 7) % 5) - 2 + 0.25),
      means: Float32Array.from(FEATURE_NAMES, (_, j) => (j % 3) * 0.1),
      stds: Float32Array.from(FEATURE_NAMES, (_, j) => 0.5 + (j % 4) * 0.3),
    };
    const candidates = [
      man(2, { interests: ['hiking', 'travel'], createdAt: NOW - 2 * DAY, latitude: 52.53 }),
      man(3, { interests: ['golf'], latitude: 52.9 }),
      man(4, { interests: ['photography'], createdAt: NOW - 5 * DAY, latitude: null, longitude: null }),
      man(5, { interests: ['hiking', 'photography', 'travel'], latitude: 52.6 }),
    ];
    const scored = scorePairs(model, batch(candidates.map((c, i) => pair(c, i % 2 === 0, 40 * i))));
    const said = scored.map((item) => explainPair(model, item, false, ADMIN).explanation);
    expect(said).toEqual(scored.map((item) => explainPair(model, item, true, ADMIN).explanation));
    // Not vacuous: some reasons are given, and some are dropped for lowering the score.
    expect(said.flat().length).toBeGreaterThan(0);
    expect(said.some((reasons) => reasons.length === 0)).toBe(true);
  });
});

describe('pages', () => {
  const pool = [1, 2, 3, 4, 5, 6].map((i) =>
    pair(man(i + 1, { interests: i % 2 ? ['hiking'] : ['golf'] }), i === 1, i * 10),
  );
  const sources = new Map(pool.map((p) => [p.item.candidate_id, ['content' as const]]));

  it('numbers positions across pages and never repeats a candidate between them', () => {
    const scored = scorePairs(FALLBACK_RANKER, batch(pool));
    const page = (offset: number) =>
      pageOfRecommendations(FALLBACK_RANKER, scored, sources, { limit: 3, offset, explain: false }, ADMIN);
    const [first, second] = [page(0), page(3)];
    expect(first.map((v) => v.position)).toEqual([1, 2, 3]);
    expect(second.map((v) => v.position)).toEqual([4, 5, 6]);
    expect(new Set([...first, ...second].map((v) => v.user_id)).size).toBe(6);
    expect(first[0]).toMatchObject({ sources: ['content'], contributions: [] });
    for (const v of first) expect(v.score).toBeCloseTo(v.p_like * v.p_liked_back, 5);
  });

  it('orders an app-supplied list by match chance, explained, without sources', () => {
    const list = rankedList(FALLBACK_RANKER, scorePairs(FALLBACK_RANKER, batch(pool)), ADMIN);
    const scores = list.map((v) => v.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(list.every((v) => v.sources.length === 0 && v.contributions.length > 0)).toBe(true);
  });
});

describe('what a user is shown of the people in a list (privacy/recommendation-disclosure.ts)', () => {
  const user = (revealsReceivedLikes: boolean) =>
    viewPolicy({
      role: 'user',
      revealsReceivedLikes,
      receivedTypes: revealsReceivedLikes ? ['like', 'super_like'] : [],
    });
  // Close, sharing interests, new, and a liker of alice: four reasons compete for three places.
  const liker = man(2, { interests: ['hiking', 'photography'], createdAt: NOW - 2 * DAY, latitude: 52.53 });

  it('without revealed likes, never says "liked you" and lets the next reason take its place', () => {
    const [item] = scorePairs(FALLBACK_RANKER, batch([pair(liker, true)]));
    const toAdmin = explainPair(FALLBACK_RANKER, item, false, ADMIN).explanation;
    const hidden = explainPair(FALLBACK_RANKER, item, false, user(false)).explanation;
    expect(toAdmin).toContain('liked you');
    expect(hidden).not.toContain('liked you');
    expect(hidden).toHaveLength(toAdmin.length);
    expect(explainPair(FALLBACK_RANKER, item, false, user(true)).explanation).toContain('liked you');
  });

  it("shows a user no contribution built from the other's preferences, counters, taste or exact distance", () => {
    const model: RankerModel = { ...FALLBACK_RANKER, weights: Float32Array.from(FEATURE_NAMES, () => 1) };
    const [item] = scorePairs(model, batch([pair(liker, true, 30)]));
    const everything = explainPair(model, item, true, ADMIN).contributions.map((c) => c.feature);
    expect(everything.some((f) => f.startsWith('cand_likes') || f.endsWith('_candidate'))).toBe(true);
    for (const reveal of [true, false]) {
      const shown = explainPair(model, item, true, user(reveal)).contributions.map((c) => c.feature);
      expect(shown.length).toBeGreaterThan(0);
      for (const f of shown) {
        expect(f).not.toMatch(/_candidate$|^emb_|^distance_log_km$|dislikes|like_rate_received/);
        if (f.startsWith('cand_')) expect(f).toBe('cand_days_since_joined_log');
      }
      expect(shown.includes('candidate_liked_viewer')).toBe(reveal);
    }
  });

  it('drops the reciprocal source (it places exactly the likers) unless likes are revealed', () => {
    const scored = scorePairs(FALLBACK_RANKER, batch([pair(liker, true)]));
    const sources = new Map([[2, ['reciprocal' as const, 'content' as const]]]);
    const page = { limit: 1, offset: 0, explain: false };
    expect(pageOfRecommendations(FALLBACK_RANKER, scored, sources, page, user(false))[0].sources).toEqual(['content']);
    expect(pageOfRecommendations(FALLBACK_RANKER, scored, sources, page, user(true))[0].sources).toEqual([
      'reciprocal',
      'content',
    ]);
  });

  it('tells a user every rejection as "unavailable", in id order; an admin the rule', () => {
    const rejected = [
      { user_id: 9, reason: 'blocked' as const },
      { user_id: 3, reason: 'age_preference' as const },
      { user_id: 5, reason: 'not_found' as const },
    ];
    const disclosure = { role: 'user' as const, revealsReceivedLikes: true, receivedTypes: [] };
    expect(rejectionsFor(disclosure, rejected)).toEqual([
      { user_id: 3, reason: 'unavailable' },
      { user_id: 5, reason: 'unavailable' },
      { user_id: 9, reason: 'unavailable' },
    ]);
    expect(rejectionsFor({ ...disclosure, role: 'admin' }, rejected)).toEqual(rejected);
  });
});

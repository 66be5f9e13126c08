import { FEATURE_COUNT, FEATURE_INDEX } from '../features/names';
import type { Profile } from '../types';
import { buildRankerRows, withRatesOf } from './ranker-set';
import { WindowRates } from './window-rates';

const profile = (id: number): Profile => ({
  id,
  age: 30,
  gender: id % 2 ? 'female' : 'male',
  gendersSought: [],
  ageMin: 18,
  ageMax: 99,
  latitude: null,
  longitude: null,
  maxDistanceKm: null,
  interests: [],
  createdAt: 0,
  isActive: true,
});
const profiles = new Map([1, 2, 3, 4].map((id) => [id, profile(id)]));
const row = (r: { vectors: Float32Array }, i: number) => r.vectors.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);

describe('buildRankerRows', () => {
  const swipes = [
    { actor: 2, target: 1, type: 'like' as const, ts: 10 },
    { actor: 1, target: 3, type: 'dislike' as const, ts: 20 },
    { actor: 1, target: 2, type: 'like' as const, ts: 30 },
    { actor: 3, target: 1, type: 'super_like' as const, ts: 40 },
  ];

  it('computes each row as of its own time: the outcome itself is never visible', () => {
    const r = buildRankerRows({ swipes, impressions: [], profiles, fromMs: 15, embedding: null });
    expect(r.n).toBe(3);
    expect(r.split).toBe(3);
    expect(Array.from(r.labels)).toEqual([0, 1, 1]);
    // Row 2 (1 likes 2 at 30): 2 had liked 1 before, and 1 had given one swipe (not this one).
    expect(row(r, 1)[FEATURE_INDEX.candidate_liked_viewer]).toBe(1);
    expect(row(r, 1)[FEATURE_INDEX.viewer_swipes_given_log]).toBeCloseTo(Math.log1p(1));
    expect(row(r, 1)[FEATURE_INDEX.viewer_likes_given_log]).toBe(0);
    // Row 3 (3 super-likes 1 at 40): 1 disliked 3 before, so no "liked you".
    expect(row(r, 2)[FEATURE_INDEX.candidate_liked_viewer]).toBe(0);
    expect(row(r, 2)[FEATURE_INDEX.cand_likes_received_log]).toBeCloseTo(Math.log1p(1));
    expect(row(r, 0)[FEATURE_INDEX.emb_known]).toBe(0);
  });

  it('adds unanswered impressions as negatives once per pair and skips answered ones', () => {
    const impressions = [
      { viewer: 4, shown: 1, ts: 25 },
      { viewer: 4, shown: 1, ts: 26 },
      { viewer: 1, shown: 2, ts: 27 },
      { viewer: 4, shown: 2, ts: 5 },
    ];
    const r = buildRankerRows({ swipes, impressions, profiles, fromMs: 15, embedding: null });
    expect(r.n).toBe(4);
    expect(r.impressionRows).toBe(1);
    expect(Array.from(r.ts)).toEqual([20, 25, 30, 40]);
    expect(r.labels[1]).toBe(0);
  });

  it('takes embedding features only for the pairs the model never saw, both directions from it', () => {
    const unseen = new Set(['2:1', '4:1']);
    const r = buildRankerRows({
      swipes,
      impressions: [{ viewer: 4, shown: 1, ts: 25 }],
      profiles,
      fromMs: -Infinity,
      embedding: { covers: (v, c) => unseen.has(`${v}:${c}`), score: (u, v) => 100 + u * 10 + v },
    });
    expect(Array.from(r.ts)).toEqual([10, 20, 25, 30, 40]);
    expect(r.embeddingRows).toBe(2);
    const known = Array.from({ length: r.n }, (_, i) => row(r, i)[FEATURE_INDEX.emb_known]);
    // The swipe 2 -> 1 (ts 10) and the impression 4 -> 1 (ts 25) are the unseen pairs.
    expect(known).toEqual([1, 0, 1, 0, 0]);
    expect([row(r, 0)[FEATURE_INDEX.emb_score_uv], row(r, 0)[FEATURE_INDEX.emb_score_vu]]).toEqual([121, 112]);
    expect([row(r, 2)[FEATURE_INDEX.emb_score_uv], row(r, 2)[FEATURE_INDEX.emb_score_vu]]).toEqual([141, 114]);
    expect(row(r, 1)[FEATURE_INDEX.emb_score_uv]).toBe(0);
  });

  it("reads like rates from the whole window but the row's own swipe; a row after the window reads all of it", () => {
    const logit = (likes: number, n: number, market: number): number =>
      Math.log((likes + 10 * market) / (n + 10)) - Math.log(1 - (likes + 10 * market) / (n + 10));
    const r = buildRankerRows({ swipes, impressions: [], profiles, fromMs: -Infinity, splitMs: 30, embedding: null });
    // The window (ts <= 30) holds 2 likes of 3 swipes.
    expect(r.marketLikeRate).toBeCloseTo(2 / 3, 9);
    const m = r.marketLikeRate;
    // ts 10, 2 -> 1: user 1 received one more like in the window (1 -> 2 is given, not received) but
    // not this one: 0 of 0 received; user 2 gave only this like: 0 of 0 given.
    expect(row(r, 0)[FEATURE_INDEX.cand_like_rate_received_logit]).toBeCloseTo(logit(0, 0, m), 5);
    expect(row(r, 0)[FEATURE_INDEX.viewer_like_rate_given_logit]).toBeCloseTo(logit(0, 0, m), 5);
    // ts 30, 1 -> 2 (in the window): user 1 gave a dislike (ts 20) besides it.
    expect(row(r, 2)[FEATURE_INDEX.viewer_like_rate_given_logit]).toBeCloseTo(logit(0, 1, m), 5);
    // ts 40, 3 -> 1 (validation): user 1 received the like at 10, the window's, all of it.
    expect(r.split).toBe(3);
    expect(row(r, 3)[FEATURE_INDEX.cand_like_rate_received_logit]).toBeCloseTo(logit(1, 1, m), 5);
  });

  it('rewrites only the like rates for another window, as a replay over that window would give them', () => {
    const split = buildRankerRows({
      swipes,
      impressions: [],
      profiles,
      fromMs: -Infinity,
      splitMs: 30,
      embedding: null,
    });
    const whole = buildRankerRows({ swipes, impressions: [], profiles, fromMs: -Infinity, embedding: null });
    const rewritten = withRatesOf(split, new WindowRates(swipes, Infinity));
    expect(rewritten.marketLikeRate).toBe(whole.marketLikeRate);
    expect(Array.from(rewritten.vectors)).toEqual(Array.from(whole.vectors));
    // The rows themselves are untouched.
    expect(Array.from(split.vectors)).not.toEqual(Array.from(whole.vectors));
  });

  it('splits training from validation rows; validation rows are swipes only', () => {
    const impressions = [
      { viewer: 4, shown: 1, ts: 25 },
      { viewer: 4, shown: 3, ts: 35 },
    ];
    const r = buildRankerRows({ swipes, impressions, profiles, fromMs: -Infinity, splitMs: 30, embedding: null });
    expect(Array.from(r.ts)).toEqual([10, 20, 25, 30, 40]);
    expect(r.split).toBe(4);
    expect(r.impressionRows).toBe(1);
    // Nothing after the split: every row trains.
    expect(
      buildRankerRows({ swipes, impressions: [], profiles, fromMs: -Infinity, splitMs: 99, embedding: null }).split,
    ).toBe(4);
  });

  it('keeps the most recent maxRows rows on each side of the split and skips users without a profile', () => {
    const more = [
      ...swipes,
      { actor: 9, target: 1, type: 'like' as const, ts: 50 },
      { actor: 2, target: 4, type: 'dislike' as const, ts: 60 },
      { actor: 4, target: 2, type: 'like' as const, ts: 70 },
    ];
    const r = buildRankerRows({
      swipes: more,
      impressions: [],
      profiles,
      fromMs: -Infinity,
      splitMs: 45,
      embedding: null,
      maxRows: 3,
    });
    // Training: the last three of 10..40; validation: 50..70 without 9's swipe (no profile).
    expect(Array.from(r.ts)).toEqual([20, 30, 40, 60, 70]);
    expect(r.split).toBe(3);
    // The replay still saw the dropped swipe: at 30, user 2 had liked user 1 (at 10).
    expect(row(r, 1)[FEATURE_INDEX.candidate_liked_viewer]).toBe(1);
  });
});

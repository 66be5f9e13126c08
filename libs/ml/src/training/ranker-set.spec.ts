import { FEATURE_COUNT, FEATURE_INDEX } from '../features/names';
import type { Profile } from '../types';
import { buildRankerRows } from './ranker-set';

const profile = (id: number): Profile => ({
  id, age: 30, gender: id % 2 ? 'female' : 'male', gendersSought: [], ageMin: 18, ageMax: 99,
  latitude: null, longitude: null, maxDistanceKm: null, interests: [], createdAt: 0, isActive: true,
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

  it('adds unanswered impressions as negatives once per pair, skips answered ones, fills embeddings', () => {
    const impressions = [
      { viewer: 4, shown: 1, ts: 25 },
      { viewer: 4, shown: 1, ts: 26 },
      { viewer: 1, shown: 2, ts: 27 },
      { viewer: 4, shown: 2, ts: 5 },
    ];
    const r = buildRankerRows({ swipes, impressions, profiles, fromMs: 15, embedding: (u, v) => u * 10 + v });
    expect(r.n).toBe(4);
    expect(r.impressionRows).toBe(1);
    expect(Array.from(r.ts)).toEqual([20, 25, 30, 40]);
    expect(r.labels[1]).toBe(0);
    expect(row(r, 1)[FEATURE_INDEX.emb_score_uv]).toBe(41);
    expect(row(r, 1)[FEATURE_INDEX.emb_score_vu]).toBe(14);
  });

  it('keeps the most recent maxRows rows and skips users without a profile', () => {
    const r = buildRankerRows({ swipes: [...swipes, { actor: 9, target: 1, type: 'like', ts: 50 }], impressions: [], profiles, fromMs: 0, embedding: null, maxRows: 2 });
    expect(Array.from(r.ts)).toEqual([40]);
  });
});

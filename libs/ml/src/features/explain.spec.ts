import type { Profile } from '../types';
import { describeReasons, explainContributions } from './explain';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES } from './names';
import { pairFeatures } from './pair';

const NOW = Date.UTC(2024, 5, 1);
const DAY = 86_400_000;
const base: Profile = {
  id: 1,
  age: 30,
  gender: 'female',
  gendersSought: ['male'],
  ageMin: 25,
  ageMax: 35,
  latitude: 52.52,
  longitude: 13.405,
  maxDistanceKm: 30,
  interests: ['hiking', 'photography', 'cooking'],
  createdAt: NOW - 400 * DAY,
  isActive: true,
};
// About 3 km east in Berlin.
const cand: Profile = {
  ...base,
  id: 2,
  gender: 'male',
  gendersSought: ['female'],
  longitude: 13.449,
  interests: ['Photography', 'hiking', 'chess'],
  createdAt: NOW - 2 * DAY,
};
const popularAgg = {
  likesGiven: 5,
  swipesGiven: 10,
  likesReceived: 80,
  dislikesReceived: 20,
  matches: 4,
  lastActiveMs: NOW - DAY,
  likesReceivedSettled: 80,
};

describe('explainContributions', () => {
  it('returns weight*value per feature, sorted by absolute contribution', () => {
    const out = explainContributions([1, -3, 0.5], [2, 1, 4], ['a', 'b', 'c']);
    expect(out).toEqual([
      { name: 'b', value: 1, weight: -3, contribution: -3 },
      { name: 'a', value: 2, weight: 1, contribution: 2 },
      { name: 'c', value: 4, weight: 0.5, contribution: 2 },
    ]);
  });

  it('uses FEATURE_NAMES by default and refuses mismatched lengths', () => {
    const w = new Float32Array(FEATURE_COUNT);
    w[FEATURE_INDEX.candidate_liked_viewer] = 2;
    const x = new Float32Array(FEATURE_COUNT).fill(1);
    expect(explainContributions(w, x)[0]).toEqual({
      name: 'candidate_liked_viewer',
      value: 1,
      weight: 2,
      contribution: 2,
    });
    expect(() => explainContributions([1, 2], [1])).toThrow(/2 weights, 1 values/);
    expect(FEATURE_NAMES).toHaveLength(FEATURE_COUNT);
  });
});

describe('describeReasons', () => {
  const features = pairFeatures({
    viewer: base,
    candidate: cand,
    candidateAggregates: popularAgg,
    candidateLikedViewer: true,
    nowMs: NOW,
    marketLikeRate: 0.3,
  });

  it('says why in plain words, in a fixed order without contributions', () => {
    expect(describeReasons(features, { max: 5 })).toEqual([
      'liked you',
      'likes hiking and photography like you',
      'lives 3 km away',
      'new here',
      'popular',
    ]);
    expect(describeReasons(features)).toHaveLength(3);
  });

  it('orders by ranker contributions and drops reasons that lowered the score', () => {
    const w = new Float32Array(FEATURE_COUNT);
    w[FEATURE_INDEX.distance_log_km] = -1; // closer is better: a negative weight on log km...
    w[FEATURE_INDEX.within_viewer_distance] = 3; // ...outweighed by being within reach.
    w[FEATURE_INDEX.interest_jaccard] = 1;
    w[FEATURE_INDEX.candidate_liked_viewer] = 0.5;
    w[FEATURE_INDEX.cand_days_since_joined_log] = -2;
    const contributions = explainContributions(w, features.vector);
    expect(describeReasons(features, { contributions, max: 5 })).toEqual([
      'lives 3 km away',
      'liked you',
      'likes hiking and photography like you',
    ]);
  });

  it('leaves out what does not hold', () => {
    const plain = pairFeatures({
      viewer: base,
      candidate: { ...cand, interests: [], latitude: null, createdAt: NOW - 100 * DAY },
      nowMs: NOW,
      marketLikeRate: 0.3,
    });
    expect(describeReasons(plain)).toEqual([]);
  });
});

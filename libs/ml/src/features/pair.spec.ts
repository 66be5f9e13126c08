import type { Profile } from '../types';
import { haversineKm } from './geo';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES } from './names';
import { gendersFit } from '../candidates/hard-rules';
import { pairFeaturesBothWays } from './both-ways';
import { interestIds } from './interest-ids';
import { ageFit, interestOverlap, pairFeatures } from './pair';

const NOW = Date.UTC(2024, 5, 1);
const DAY = 86_400_000;
/** The market's like rate the like rates are smoothed toward. */
const MARKET = 0.3;

function profile(over: Partial<Profile>): Profile {
  return {
    id: 1,
    age: 30,
    gender: 'female',
    gendersSought: ['male'],
    ageMin: 25,
    ageMax: 35,
    latitude: 37.7749,
    longitude: -122.4194,
    maxDistanceKm: 50,
    interests: ['Hiking', 'photography', 'jazz'],
    createdAt: NOW - 100 * DAY,
    isActive: true,
    ...over,
  };
}

const viewer = profile({});
// Oakland: about 13 km from San Francisco.
const candidate = profile({
  id: 2,
  age: 38,
  gender: 'male',
  gendersSought: ['female'],
  ageMin: 28,
  ageMax: 40,
  latitude: 37.8044,
  longitude: -122.2712,
  maxDistanceKm: 10,
  interests: ['hiking', 'Photography ', 'chess'],
  createdAt: NOW - 3 * DAY,
});

describe('FEATURE_NAMES', () => {
  it('is a fixed, duplicate-free list matching the index', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(FEATURE_COUNT).toBe(33);
    FEATURE_NAMES.forEach((n, i) => expect(FEATURE_INDEX[n]).toBe(i));
  });
});

describe('haversineKm', () => {
  it('gives known distances', () => {
    expect(haversineKm(37.7749, -122.4194, 37.8044, -122.2712)).toBeCloseTo(13.4, 0);
    // Paris - London, about 344 km.
    expect(haversineKm(48.8566, 2.3522, 51.5074, -0.1278)).toBeCloseTo(343.5, 0);
    expect(haversineKm(10, 20, 10, 20)).toBe(0);
  });
});

describe('pairFeatures', () => {
  const agg = {
    likesGiven: 9,
    swipesGiven: 18,
    likesReceived: 40,
    dislikesReceived: 10,
    likesReceivedSettled: 40,
    matches: 3,
    lastActiveMs: NOW - 2 * DAY,
  };
  const {
    vector: x,
    sharedInterests,
    distanceKm,
  } = pairFeatures({
    viewer,
    candidate,
    viewerAggregates: null,
    candidateAggregates: agg,
    embedding: { forward: 1.5, backward: -0.5 },
    candidateLikedViewer: true,
    nowMs: NOW,
    marketLikeRate: MARKET,
  });
  const f = (name: keyof typeof FEATURE_INDEX): number => x[FEATURE_INDEX[name]];

  it('returns a Float32Array of the fixed length', () => {
    expect(x).toBeInstanceOf(Float32Array);
    expect(x).toHaveLength(FEATURE_COUNT);
  });

  it('computes age gap and the age fit of each side', () => {
    expect(f('age_gap')).toBe(8);
    // 38 is 3 years above the viewer's 35: 1 - 3/5.
    expect(f('age_fit_viewer')).toBeCloseTo(0.4, 6);
    expect(f('age_fit_candidate')).toBe(1);
  });

  it("computes the distance and each side's reach", () => {
    expect(distanceKm).toBeCloseTo(13.4, 0);
    expect(f('distance_log_km')).toBeCloseTo(Math.log1p(distanceKm!), 5);
    expect(f('distance_known')).toBe(1);
    expect(f('within_viewer_distance')).toBe(1);
    expect(f('within_candidate_distance')).toBe(0);
  });

  it('computes interest overlap case-insensitively and lists the shared ones', () => {
    expect(sharedInterests).toEqual(['Hiking', 'photography']);
    expect(f('interest_jaccard')).toBeCloseTo(2 / 4, 6);
    expect(f('shared_interests_log')).toBeCloseTo(Math.log(3), 6);
  });

  it('checks gender preferences both ways, reciprocity and embeddings', () => {
    expect(f('gender_fit_viewer')).toBe(1);
    expect(f('gender_fit_candidate')).toBe(1);
    expect(f('candidate_liked_viewer')).toBe(1);
    expect([f('emb_score_uv'), f('emb_score_vu'), f('emb_known')]).toEqual([1.5, -0.5, 1]);
  });

  it('log-transforms counts, smooths rates and counts days from now', () => {
    expect(f('cand_likes_received_log')).toBeCloseTo(Math.log(41), 5);
    expect(f('cand_matches_log')).toBeCloseTo(Math.log(4), 5);
    // Smoothed toward the market's 0.3 as if by RATE_PRIOR_SWIPES (10) more swipes, as log-odds.
    const logit = (p: number): number => Math.log(p / (1 - p));
    expect(f('cand_like_rate_given_logit')).toBeCloseTo(logit((9 + 3) / (18 + 10)), 5);
    expect(f('cand_like_rate_received_logit')).toBeCloseTo(logit((40 + 3) / (50 + 10)), 5);
    expect(f('cand_days_since_active_log')).toBeCloseTo(Math.log(3), 5);
    expect(f('cand_days_since_joined_log')).toBeCloseTo(Math.log(4), 5);
    // No aggregates: zero counts, the market's rates, last active = joined.
    expect(f('viewer_likes_given_log')).toBe(0);
    expect(f('viewer_like_rate_received_logit')).toBeCloseTo(logit(0.3), 5);
    expect(f('viewer_days_since_active_log')).toBeCloseTo(Math.log(101), 5);
  });

  it('handles missing coordinates, missing embeddings and unsought genders', () => {
    const other = pairFeatures({
      viewer: profile({ latitude: null, maxDistanceKm: null }),
      candidate: profile({ gender: 'non_binary', maxDistanceKm: 20 }),
      nowMs: NOW,
      marketLikeRate: MARKET,
    });
    const g = (name: keyof typeof FEATURE_INDEX): number => other.vector[FEATURE_INDEX[name]];
    expect(other.distanceKm).toBeNull();
    expect([
      g('distance_known'),
      g('distance_log_km'),
      g('within_viewer_distance'),
      g('within_candidate_distance'),
    ]).toEqual([0, 0, 1, 0.5]);
    expect([g('emb_known'), g('emb_score_uv'), g('candidate_liked_viewer')]).toEqual([0, 0, 0]);
    expect(g('gender_fit_viewer')).toBe(0);
  });

  it('reads an empty list of sought genders as the hard rules do: seeking no one', () => {
    const v = profile({ gendersSought: [] });
    const c = profile({ id: 2, gender: 'male', gendersSought: ['female'] });
    const x2 = pairFeatures({ viewer: v, candidate: c, nowMs: NOW, marketLikeRate: MARKET }).vector;
    expect([x2[FEATURE_INDEX.gender_fit_viewer], x2[FEATURE_INDEX.gender_fit_candidate]]).toEqual([0, 1]);
    expect(gendersFit(v, c)).toBe(false);
  });

  it('is pure: the same input gives the same vector', () => {
    const again = pairFeatures({
      viewer,
      candidate,
      candidateAggregates: agg,
      embedding: { forward: 1.5, backward: -0.5 },
      candidateLikedViewer: true,
      nowMs: NOW,
      marketLikeRate: MARKET,
    });
    expect(Array.from(again.vector)).toEqual(Array.from(x));
  });
});

describe('pairFeaturesBothWays', () => {
  it('gives exactly the two one-way vectors, sharing what is symmetric', () => {
    const a = {
      likesGiven: 9,
      swipesGiven: 18,
      likesReceived: 40,
      dislikesReceived: 10,
      likesReceivedSettled: 40,
      matches: 3,
      lastActiveMs: NOW - 2 * DAY,
    };
    const b = {
      likesGiven: 1,
      swipesGiven: 5,
      likesReceived: 2,
      dislikesReceived: 7,
      likesReceivedSettled: 2,
      matches: 0,
      lastActiveMs: null,
    };
    for (const [v, c] of [
      [viewer, candidate],
      [candidate, profile({ id: 3, latitude: null, longitude: null, interests: [] })],
    ]) {
      const both = pairFeaturesBothWays({
        viewer: v,
        candidate: c,
        viewerAggregates: a,
        candidateAggregates: b,
        embedding: { forward: 0.7, backward: -1.2 },
        candidateLikedViewer: true,
        viewerLikedCandidate: false,
        nowMs: NOW,
        marketLikeRate: MARKET,
      });
      const forward = pairFeatures({
        viewer: v,
        candidate: c,
        viewerAggregates: a,
        candidateAggregates: b,
        embedding: { forward: 0.7, backward: -1.2 },
        candidateLikedViewer: true,
        nowMs: NOW,
        marketLikeRate: MARKET,
      });
      const backward = pairFeatures({
        viewer: c,
        candidate: v,
        viewerAggregates: b,
        candidateAggregates: a,
        embedding: { forward: -1.2, backward: 0.7 },
        candidateLikedViewer: false,
        nowMs: NOW,
        marketLikeRate: MARKET,
      });
      expect(Array.from(both.forward.vector)).toEqual(Array.from(forward.vector));
      expect(Array.from(both.backward.vector)).toEqual(Array.from(backward.vector));
      expect(both.forward.sharedInterests).toEqual(forward.sharedInterests);
      expect(both.backward.distanceKm).toBe(backward.distanceKm);
      // Written into views of one batch array (the feature store's way), the same vectors.
      const batch = new Float32Array(3 * FEATURE_COUNT);
      const into = pairFeaturesBothWays(
        {
          viewer: v,
          candidate: c,
          viewerAggregates: a,
          candidateAggregates: b,
          embedding: { forward: 0.7, backward: -1.2 },
          candidateLikedViewer: true,
          viewerLikedCandidate: false,
          nowMs: NOW,
          marketLikeRate: MARKET,
        },
        { forward: batch.subarray(FEATURE_COUNT, 2 * FEATURE_COUNT), backward: batch.subarray(2 * FEATURE_COUNT) },
      );
      expect(into.forward.vector.buffer).toBe(batch.buffer);
      expect(Array.from(batch.subarray(0, FEATURE_COUNT)).every((x) => x === 0)).toBe(true);
      expect(Array.from(batch.subarray(FEATURE_COUNT, 2 * FEATURE_COUNT))).toEqual(Array.from(forward.vector));
      expect(Array.from(batch.subarray(2 * FEATURE_COUNT))).toEqual(Array.from(backward.vector));
    }
    expect(() =>
      pairFeatures({ viewer, candidate, nowMs: NOW, marketLikeRate: MARKET }, new Float32Array(FEATURE_COUNT - 1)),
    ).toThrow(/33 values, not 32/);
  });
});

describe('helpers', () => {
  it('fades the age fit over five years outside the range', () => {
    expect([ageFit(30, 25, 35), ageFit(20, 25, 35), ageFit(22.5, 25, 35), ageFit(50, 25, 35)]).toEqual([1, 0, 0.5, 0]);
  });

  it('gives zero overlap for empty interest lists', () => {
    expect(interestOverlap([], [])).toEqual({ shared: [], jaccard: 0 });
  });
});

describe('pairFeatures with interest ids', () => {
  it('gives the vector and shared interests of the string comparison, whatever the case, spaces and repeats', () => {
    const pairs: [string[], string[]][] = [
      [
        ['Hiking', 'jazz', ' hiking', 'Chess'],
        ['chess', 'HIKING ', 'golf', 'golf'],
      ],
      [['a'], ['b']],
      [[], ['x']],
      [[], []],
      [
        ['Photography', 'travel', 'cooking'],
        ['cooking', 'travel', 'photography'],
      ],
    ];
    for (const [mine, theirs] of pairs) {
      const v = profile({ interests: mine });
      const c = profile({ id: 2, gender: 'male', gendersSought: ['female'], interests: theirs });
      const plain = pairFeatures({ viewer: v, candidate: c, nowMs: NOW, marketLikeRate: MARKET });
      const keyed = pairFeatures({
        viewer: { ...v, interestKeys: interestIds(mine) } as Profile,
        candidate: { ...c, interestKeys: interestIds(theirs) } as Profile,
        nowMs: NOW,
        marketLikeRate: MARKET,
      });
      expect(keyed.sharedInterests).toEqual(plain.sharedInterests);
      expect(Array.from(keyed.vector)).toEqual(Array.from(plain.vector));
    }
    expect(
      pairFeatures({
        viewer: {
          ...profile({ interests: ['Hiking', 'Chess'] }),
          interestKeys: interestIds(['Hiking', 'Chess']),
        } as Profile,
        candidate: {
          ...profile({ id: 2, interests: ['chess', 'hiking'] }),
          interestKeys: interestIds(['chess', 'hiking']),
        } as Profile,
        nowMs: NOW,
        marketLikeRate: MARKET,
      }).sharedInterests,
    ).toEqual(['Hiking', 'Chess']);
  });

  it('gives the same answers whatever viewer came before (one lookup table, reset per viewer)', () => {
    const keyed = (interests: string[], id: number) =>
      ({ ...profile({ id, interests }), interestKeys: interestIds(interests) }) as Profile;
    const a = keyed(['opera', 'sailing', 'chess'], 1);
    const b = keyed(['sailing', 'knitting'], 2);
    const c = keyed(['chess', 'knitting', 'sailing'], 3);
    const shared = (v: Profile) =>
      pairFeatures({ viewer: v, candidate: c, nowMs: NOW, marketLikeRate: MARKET }).sharedInterests;
    expect([shared(a), shared(b), shared(a), shared(b)]).toEqual([
      ['sailing', 'chess'],
      ['sailing', 'knitting'],
      ['sailing', 'chess'],
      ['sailing', 'knitting'],
    ]);
  });
});

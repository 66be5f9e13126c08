/**
 * The pair feature vector of (viewer, candidate): pure, so that the trainer (offline, from
 * history) and the ranking service (online, from the feature store) compute identical vectors.
 */
import type { Profile } from '../types';
import type { UserAggregates } from './aggregates';
import { EMPTY_AGGREGATES } from './aggregates';
import { haversineKm } from './geo';
import { AGGREGATE_FEATURES, FEATURE_COUNT, FEATURE_INDEX } from './names';
import { likeRateCounts, type LikeRateCounts, smoothedLogOdds } from './like-rates';
import { normalizeInterest } from '@app/contracts';
import type { InterestKeys } from './interest-ids';

const DAY_MS = 86_400_000;
/** Years outside someone's age range over which the age fit fades from 1 to 0. */
const AGE_FIT_FADE_YEARS = 5;
const { abs, log1p, max } = Math;

/** Everything the features of one pair are computed from. */
export interface PairFeatureInput {
  viewer: Profile;
  candidate: Profile;
  viewerAggregates?: UserAggregates | null;
  candidateAggregates?: UserAggregates | null;
  /** Embedding logits taste(viewer)·appeal(candidate)+b and the reverse, when embeddings exist. */
  embedding?: { forward: number; backward: number } | null;
  /** The candidate liked the viewer before "now" (offline: before the viewer's swipe). */
  candidateLikedViewer?: boolean;
  /** "Now" for the day counts (epoch ms). */
  nowMs: number;
  /** The market's like rate, toward which each person's like rates are smoothed (like-rates.ts). */
  marketLikeRate: number;
  /**
   * The counts of the two like rates, when they are not the aggregates' own: a training row
   * reads them from all history but its own swipe (ranker-set.ts), as serving reads them from all
   * history before the request.
   */
  rates?: { viewer: LikeRateCounts; candidate: LikeRateCounts } | null;
  /**
   * Distance and interest overlap when the caller computed them already: both are symmetric,
   * so the two directions of a pair share them (pairFeaturesBothWays).
   */
  shared?: SymmetricPairFacts;
}

/** What is the same in both directions of a pair. */
export interface SymmetricPairFacts {
  distanceKm: number | null;
  jaccard: number;
  sharedCount: number;
}

/** The vector plus the details explanations need. */
export interface PairFeatures {
  vector: Float32Array;
  /** Interests both have, in the viewer's order, as the viewer wrote them (empty when the input brought `shared`). */
  sharedInterests: string[];
  distanceKm: number | null;
}

/** 1 when `age` lies in [min, max], fading linearly to 0 at AGE_FIT_FADE_YEARS outside. */
export function ageFit(age: number, min: number, maxAge: number): number {
  const outside = age < min ? min - age : age > maxAge ? age - maxAge : 0;
  return max(0, 1 - outside / AGE_FIT_FADE_YEARS);
}

/** 1 within reach (or no limit), 0 beyond it, 0.5 when the distance is unknown. */
function withinDistance(distanceKm: number | null, maxKm: number | null): number {
  if (maxKm === null) return 1;
  if (distanceKm === null) return 0.5;
  return distanceKm <= maxKm ? 1 : 0;
}

/**
 * 1 when `gender` is sought. An empty list seeks no one, as in the hard rules (gendersFit):
 * the API and the import refuse an empty list, so only a hand-made profile can have one, and
 * then the feature and the filter must not disagree.
 */
function genderFit(sought: readonly string[], gender: string): number {
  return sought.includes(gender) ? 1 : 0;
}

/** Shared interests (case- and space-insensitive) and the Jaccard overlap of both sets. */
export function interestOverlap(a: readonly string[], b: readonly string[]): { shared: string[]; jaccard: number } {
  const left = normalizedInterests(a);
  const setB = normalizedInterests(b).keys;
  const shared: string[] = [];
  for (let i = 0; i < left.list.length; i++) if (setB.has(left.list[i])) shared.push(left.originals[i]);
  const union = left.list.length + setB.size - shared.length;
  return { shared, jaccard: union === 0 ? 0 : shared.length / union };
}

/**
 * interestOverlap of two profiles, by their interest ids when both carry them (profiles held by
 * a ProfileTable): the same distinct normalized interests in the same first-seen order, so the
 * same shared list and Jaccard, without a string set per pair. The viewer's ids are looked up
 * by position (positionsOf), so a pair costs one read per candidate interest.
 */
function overlapOf(
  v: Profile & { interestKeys?: InterestKeys },
  c: Profile & { interestKeys?: InterestKeys },
): { shared: string[]; jaccard: number } {
  const vk = v.interestKeys;
  const ck = c.interestKeys;
  if (!vk || !ck) return interestOverlap(v.interests, c.interests);
  const position = positionsOf(vk);
  let found: number[] | null = null;
  for (let j = 0; j < ck.length; j++) {
    const p = ck[j] < position.length ? position[ck[j]] : 0;
    if (p) (found ??= []).push(p - 1);
  }
  const shared: string[] = [];
  if (found) {
    // In the viewer's order, as they wrote them.
    const originals = normalizedInterests(v.interests).originals;
    for (const i of found.sort((a, b) => a - b)) shared.push(originals[i]);
  }
  const union = vk.length + ck.length - shared.length;
  return { shared, jaccard: union === 0 ? 0 : shared.length / union };
}

/**
 * For interest ids `keys`: position + 1 of each id in them, by id (0 for the others). One
 * array for the process, set for the last `keys` asked about: the feature store asks about one
 * viewer for a whole batch, and an array per viewer would be as long as the dictionary.
 */
let positions = new Int32Array(64);
let positionsOfKeys: InterestKeys | null = null;

function positionsOf(keys: InterestKeys): Int32Array {
  if (keys === positionsOfKeys) return positions;
  if (positionsOfKeys) for (let i = 0; i < positionsOfKeys.length; i++) positions[positionsOfKeys[i]] = 0;
  let top = -1;
  for (let i = 0; i < keys.length; i++) top = Math.max(top, keys[i]);
  if (top >= positions.length) positions = new Int32Array(Math.max(top + 1, 2 * positions.length));
  for (let i = 0; i < keys.length; i++) positions[keys[i]] = i + 1;
  positionsOfKeys = keys;
  return positions;
}

interface NormalizedInterests {
  /** Distinct normalized interests, in first-seen order, with how each was first written (trimmed). */
  list: string[];
  originals: string[];
  keys: Set<string>;
}

/**
 * Normalized interests per interests array, computed once: the feature store scores the same
 * profiles (long-lived objects of the profile mirror) against hundreds of others per request,
 * and normalizing the strings on every pair was a large share of its CPU. Keyed by the array
 * itself, so profiles must not mutate their interests in place (none does: a change is a new
 * profile object).
 */
const NORMALIZED = new WeakMap<readonly string[], NormalizedInterests>();

function normalizedInterests(xs: readonly string[]): NormalizedInterests {
  let n = NORMALIZED.get(xs);
  if (!n) {
    n = { list: [], originals: [], keys: new Set() };
    for (const x of xs) {
      const k = normalizeInterest(x);
      if (n.keys.has(k)) continue;
      n.keys.add(k);
      n.list.push(k);
      n.originals.push(x.trim());
    }
    NORMALIZED.set(xs, n);
  }
  return n;
}

/** Distance in km when both profiles have coordinates, else null. */
export function profileDistanceKm(a: Profile, b: Profile): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null;
  return haversineKm(a.latitude, a.longitude, b.latitude, b.longitude);
}

/** Positions of the aggregate features inside their block (the block sits at a different offset per side). */
const AGG = Object.fromEntries(AGGREGATE_FEATURES.map((n, i) => [n, i])) as Record<
  (typeof AGGREGATE_FEATURES)[number],
  number
>;

function writeAggregates(
  out: Float32Array,
  offset: number,
  agg: UserAggregates,
  rates: LikeRateCounts | undefined,
  marketRate: number,
  createdAt: number,
  nowMs: number,
): void {
  const joinedDays = max(0, (nowMs - createdAt) / DAY_MS);
  // No swipe yet: "last active" is when they joined, the last thing known about them.
  const activeDays = agg.lastActiveMs === null ? joinedDays : max(0, (nowMs - agg.lastActiveMs) / DAY_MS);
  // Written straight into the vector: the feature store fills 400 of these blocks per request.
  out[offset + AGG.likes_given_log] = log1p(agg.likesGiven);
  out[offset + AGG.likes_received_log] = log1p(agg.likesReceived);
  out[offset + AGG.dislikes_received_log] = log1p(agg.dislikesReceived);
  out[offset + AGG.matches_log] = log1p(agg.matches);
  out[offset + AGG.swipes_given_log] = log1p(agg.swipesGiven);
  const r = rates ?? likeRateCounts(agg);
  out[offset + AGG.like_rate_given_logit] = smoothedLogOdds(r.likesGiven, r.swipesGiven, marketRate);
  out[offset + AGG.like_rate_received_logit] = smoothedLogOdds(r.likesReceived, r.swipesReceived, marketRate);
  out[offset + AGG.days_since_active_log] = log1p(activeDays);
  out[offset + AGG.days_since_joined_log] = log1p(joinedDays);
}

/**
 * Computes the FEATURE_NAMES-ordered vector of (viewer, candidate) and its explanation details.
 * `out`: where to write the vector (FEATURE_COUNT zeroes, e.g. a view into a batch's array),
 * instead of an array of its own.
 */
export function pairFeatures(input: PairFeatureInput, out?: Float32Array): PairFeatures {
  const { viewer: v, candidate: c, nowMs } = input;
  if (out && out.length !== FEATURE_COUNT)
    throw new Error(`a pair's vector has ${FEATURE_COUNT} values, not ${out.length}`);
  const x = out ?? new Float32Array(FEATURE_COUNT);
  let shared: string[] = [];
  let facts = input.shared;
  if (!facts) {
    const overlap = overlapOf(v, c);
    shared = overlap.shared;
    facts = { distanceKm: profileDistanceKm(v, c), jaccard: overlap.jaccard, sharedCount: shared.length };
  }
  const { distanceKm, jaccard } = facts;
  x[FEATURE_INDEX.age_gap] = abs(v.age - c.age);
  x[FEATURE_INDEX.age_fit_viewer] = ageFit(c.age, v.ageMin, v.ageMax);
  x[FEATURE_INDEX.age_fit_candidate] = ageFit(v.age, c.ageMin, c.ageMax);
  x[FEATURE_INDEX.distance_log_km] = distanceKm === null ? 0 : log1p(distanceKm);
  x[FEATURE_INDEX.distance_known] = distanceKm === null ? 0 : 1;
  x[FEATURE_INDEX.within_viewer_distance] = withinDistance(distanceKm, v.maxDistanceKm);
  x[FEATURE_INDEX.within_candidate_distance] = withinDistance(distanceKm, c.maxDistanceKm);
  x[FEATURE_INDEX.interest_jaccard] = jaccard;
  x[FEATURE_INDEX.shared_interests_log] = log1p(facts.sharedCount);
  x[FEATURE_INDEX.gender_fit_viewer] = genderFit(v.gendersSought, c.gender);
  x[FEATURE_INDEX.gender_fit_candidate] = genderFit(c.gendersSought, v.gender);
  x[FEATURE_INDEX.candidate_liked_viewer] = input.candidateLikedViewer ? 1 : 0;
  if (input.embedding) {
    x[FEATURE_INDEX.emb_score_uv] = input.embedding.forward;
    x[FEATURE_INDEX.emb_score_vu] = input.embedding.backward;
    x[FEATURE_INDEX.emb_known] = 1;
  }
  const viewerAgg = input.viewerAggregates ?? EMPTY_AGGREGATES;
  const candAgg = input.candidateAggregates ?? EMPTY_AGGREGATES;
  const { rates, marketLikeRate: market } = input;
  writeAggregates(x, FEATURE_INDEX.viewer_likes_given_log, viewerAgg, rates?.viewer, market, v.createdAt, nowMs);
  writeAggregates(x, FEATURE_INDEX.cand_likes_given_log, candAgg, rates?.candidate, market, c.createdAt, nowMs);
  return { vector: x, sharedInterests: shared, distanceKm };
}

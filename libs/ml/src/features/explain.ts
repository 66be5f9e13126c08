/**
 * Explanations: which features moved a score, and the human reasons shown next to a profile.
 */
import { FEATURE_INDEX, FEATURE_NAMES } from './names';
import type { FeatureName } from './names';
import type { PairFeatures } from './pair';

/** One feature's share of a linear score. */
export interface Contribution {
  name: string;
  value: number;
  weight: number;
  /** weight * value */
  contribution: number;
}

/** Per-feature weight*value, largest |contribution| first (ties: feature order). */
export function explainContributions(
  weights: ArrayLike<number>,
  featureVector: ArrayLike<number>,
  names: readonly string[] = FEATURE_NAMES,
): Contribution[] {
  if (weights.length !== featureVector.length || names.length !== featureVector.length) {
    throw new Error(
      `explainContributions: ${weights.length} weights, ${featureVector.length} values, ${names.length} names`,
    );
  }
  const out = Array.from(featureVector, (value, i) => ({
    name: names[i],
    value,
    weight: weights[i],
    contribution: weights[i] * value,
    i,
  }));
  out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.i - b.i);
  return out.map(({ name, value, weight, contribution }) => ({ name, value, weight, contribution }));
}

/** The reasons `describeReasons` knows. */
export type ReasonKind = 'liked_you' | 'shared_interests' | 'distance' | 'new_here' | 'popular';

/** Thresholds of `describeReasons`. */
export interface ReasonOptions {
  /** Reasons this reader may be given (default: all); the others are never considered, so the next ones fill in. */
  allowed?: (kind: ReasonKind) => boolean;
  /** Ranker contributions; when given, reasons are ordered by them and those that lowered the score are dropped. */
  contributions?: readonly Contribution[];
  /**
   * The same as `contributions`, one feature at a time: reasons read about ten features, so a
   * caller that shows no contribution list need not compute and sort all of them.
   */
  contributionOf?: (feature: FeatureName) => number;
  /** At most this many reasons (default 3). */
  max?: number;
  /** "new here" below this many days since joining (default 14). */
  newForDays?: number;
  /** "popular" needs at least this smoothed like rate received (default 0.5)... */
  popularRate?: number;
  /** ...and at least this many likes received (default 20). */
  popularMinLikes?: number;
  /** Distance is mentioned up to this many km (default 50). */
  nearKm?: number;
  /** Interests named in the sentence (default 2; "and N more" is not said). */
  interestsShown?: number;
}

interface Reason {
  kind: ReasonKind;
  text: string;
  /** Features whose contributions decide the reason's rank. */
  features: FeatureName[];
}

function listInterests(items: string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function distanceText(km: number): string {
  if (km < 1) return 'lives less than 1 km away';
  return `lives ${km < 10 ? Math.round(km) : Math.round(km / 5) * 5} km away`;
}

/** Human sentences for why a candidate is shown ("liked you", "lives 3 km away", ...). */
export function describeReasons(features: PairFeatures, options: ReasonOptions = {}): string[] {
  const x = features.vector;
  const o = {
    max: 3,
    newForDays: 14,
    popularRate: 0.5,
    popularMinLikes: 20,
    nearKm: 50,
    interestsShown: 2,
    ...options,
  };
  const reasons: Reason[] = [];
  if (x[FEATURE_INDEX.candidate_liked_viewer] > 0)
    reasons.push({ kind: 'liked_you', text: 'liked you', features: ['candidate_liked_viewer'] });
  if (features.sharedInterests.length > 0) {
    reasons.push({
      kind: 'shared_interests',
      text: `likes ${listInterests(features.sharedInterests.slice(0, o.interestsShown))} like you`,
      features: ['interest_jaccard', 'shared_interests_log'],
    });
  }
  if (features.distanceKm !== null && features.distanceKm <= o.nearKm) {
    reasons.push({
      kind: 'distance',
      text: distanceText(features.distanceKm),
      features: ['distance_log_km', 'within_viewer_distance', 'within_candidate_distance'],
    });
  }
  if (Math.expm1(x[FEATURE_INDEX.cand_days_since_joined_log]) < o.newForDays) {
    reasons.push({ kind: 'new_here', text: 'new here', features: ['cand_days_since_joined_log'] });
  }
  const likesReceived = Math.round(Math.expm1(x[FEATURE_INDEX.cand_likes_received_log]));
  // The feature is the smoothed rate's log-odds; compared on that scale.
  const popularLogit = Math.log(o.popularRate / (1 - o.popularRate));
  if (x[FEATURE_INDEX.cand_like_rate_received_logit] >= popularLogit && likesReceived >= o.popularMinLikes) {
    reasons.push({
      kind: 'popular',
      text: 'popular',
      features: ['cand_like_rate_received_logit', 'cand_likes_received_log'],
    });
  }
  const allowed = options.allowed;
  const shown = allowed ? reasons.filter((r) => allowed(r.kind)) : reasons;
  let contributionOf = options.contributionOf;
  if (options.contributions) {
    const byName = new Map(options.contributions.map((c) => [c.name, c.contribution]));
    contributionOf = (f) => byName.get(f) ?? 0;
  }
  if (!contributionOf) return shown.slice(0, o.max).map((r) => r.text);
  const of = contributionOf;
  const scored = shown.map((r, i) => ({ r, i, score: r.features.reduce((s, f) => s + of(f), 0) }));
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, o.max)
    .map((s) => s.r.text);
}

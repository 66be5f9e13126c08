/**
 * From feature vectors to probabilities, explanations and contributions. Pure (no I/O), so the
 * recommendation and rank flows share it and it is unit-tested with real libs/ml models.
 */
import type { FeatureBatchReply, FeatureContribution, PairFeatureView } from '@app/contracts';
import {
  describeReasons,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type FeatureName,
  type PairFeatures,
  pairVectors,
} from '@app/ml/features';
import { predict, rankerContributionAt, rankerContributions, type RankerModel } from '@app/ml/ranker/model';
import type { ViewPolicy } from '../privacy/recommendation-disclosure';

/** Contributions shown per candidate: the ones that moved the score most. */
export const MAX_CONTRIBUTIONS = 10;

export interface ScoredPair {
  item: PairFeatureView;
  /** The decoded forward vector (explanations read it). */
  forward: Float32Array;
  pLike: number;
  pLikedBack: number;
}

/** Whether vectors on `names` are the model's input (not so during a rollout that changed the list). */
export function sameFeatures(model: RankerModel, names: readonly string[]): boolean {
  return model.featureNames.length === names.length && model.featureNames.every((n, i) => n === names[i]);
}

/** Refuses vectors built on another feature list than the model's (a rollout skew), loudly. */
export function assertSameFeatures(model: RankerModel, names: readonly string[]): void {
  if (!sameFeatures(model, names)) {
    throw new Error(
      `feature-service sends ${names.length} features that differ from the ranker's ${model.featureNames.length}`,
    );
  }
}

/** p_like from the forward vectors and p_liked_back from the backward ones, in one pass each. */
export function scorePairs(model: RankerModel, batch: Pick<FeatureBatchReply, 'items' | 'vectors'>): ScoredPair[] {
  const { items } = batch;
  if (items.length === 0) return [];
  const f = model.featureNames.length;
  // Views into the one array received: no copies (see libs/ml vector-codec.ts).
  const { forward, backward } = pairVectors(batch.vectors, items.length, f);
  const pLike = predict(model, forward);
  const pBack = predict(model, backward);
  return items.map((item, i) => ({ item, forward: forward[i], pLike: pLike[i], pLikedBack: pBack[i] }));
}

/**
 * The sentence reasons ("liked you", "likes hiking and photography like you", "new here") and, when asked,
 * contributions: those the reader may be shown (privacy/recommendation-disclosure.ts).
 */
export function explainPair(
  model: RankerModel,
  scored: ScoredPair,
  withContributions: boolean,
  policy: ViewPolicy,
): { explanation: string[]; contributions: FeatureContribution[] } {
  const { item, forward } = scored;
  const features: PairFeatures = {
    vector: forward,
    sharedInterests: item.shared_interests,
    distanceKm: item.distance_km,
  };
  if (!withContributions) {
    // The reasons read a few contributions; computing and sorting all of them for each item was
    // a tenth of the ranking service's CPU. The model's features are FEATURE_NAMES (assertSameFeatures).
    const contributionOf = (f: FeatureName): number => rankerContributionAt(model, forward, FEATURE_INDEX[f]);
    return { explanation: describeReasons(features, { contributionOf, allowed: policy.reason }), contributions: [] };
  }
  const contributions = rankerContributions(model, forward);
  const explanation = describeReasons(features, { contributions, allowed: policy.reason });
  const index = new Map(FEATURE_NAMES.map((n, i) => [n as string, i]));
  return {
    explanation,
    contributions: contributions
      .filter((c) => c.contribution !== 0 && policy.contribution(c.name))
      .slice(0, MAX_CONTRIBUTIONS)
      .map((c) => ({
        feature: c.name,
        value: round(forward[index.get(c.name)!]),
        contribution: round(c.contribution),
      })),
  };
}

export function round(x: number, digits = 4): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

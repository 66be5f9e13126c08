/**
 * A pair's vectors in both directions: "does the viewer like the candidate" and "does the
 * candidate like the viewer back". The feature store serves them and the offline pipeline
 * evaluation computes them with this one function, so the two cannot drift.
 */
import type { Profile } from '../types';
import type { UserAggregates } from './aggregates';
import { FEATURE_INDEX } from './names';
import { type PairFeatures, pairFeatures } from './pair';

export interface PairBothWaysInput {
  viewer: Profile;
  candidate: Profile;
  viewerAggregates: UserAggregates | null;
  candidateAggregates: UserAggregates | null;
  /** Embedding logits viewer→candidate (forward) and candidate→viewer (backward), if known. */
  embedding: { forward: number; backward: number } | null;
  candidateLikedViewer: boolean;
  viewerLikedCandidate: boolean;
  nowMs: number;
  /** The market's like rate (pairFeatures). */
  marketLikeRate: number;
}

export function pairFeaturesBothWays(
  x: PairBothWaysInput,
  out?: { forward: Float32Array; backward: Float32Array },
): { forward: PairFeatures; backward: PairFeatures } {
  const forward = pairFeatures(
    {
      viewer: x.viewer,
      candidate: x.candidate,
      viewerAggregates: x.viewerAggregates,
      candidateAggregates: x.candidateAggregates,
      embedding: x.embedding,
      candidateLikedViewer: x.candidateLikedViewer,
      nowMs: x.nowMs,
      marketLikeRate: x.marketLikeRate,
    },
    out?.forward,
  );
  // Distance and interest overlap are symmetric: the backward vector reuses the forward ones
  // (the jaccard read back from the float32 vector is the value it would store anyway).
  const shared = {
    distanceKm: forward.distanceKm,
    jaccard: forward.vector[FEATURE_INDEX.interest_jaccard],
    sharedCount: forward.sharedInterests.length,
  };
  const backward = pairFeatures(
    {
      viewer: x.candidate,
      candidate: x.viewer,
      viewerAggregates: x.candidateAggregates,
      candidateAggregates: x.viewerAggregates,
      embedding: x.embedding && { forward: x.embedding.backward, backward: x.embedding.forward },
      candidateLikedViewer: x.viewerLikedCandidate,
      nowMs: x.nowMs,
      marketLikeRate: x.marketLikeRate,
      shared,
    },
    out?.backward,
  );
  return { forward, backward };
}

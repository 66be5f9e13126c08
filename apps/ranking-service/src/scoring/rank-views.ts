/**
 * Turning scored pairs into the views the API returns, re-ranked for two-sided matching,
 * exposure fairness and variety. Pure: shared by recommend and rank, unit-tested.
 */
import type { CandidateSource, RecommendationView } from '@app/contracts';
import type { RankerModel } from '@app/ml/ranker/model';
import { matchProbability, RERANK_POLICY, rerank } from '@app/ml/scoring';
import type { ViewPolicy } from '../privacy/recommendation-disclosure';
import { explainPair, round, type ScoredPair } from './score-pairs';

/** Re-ranks the pool, keeps the page [offset, offset+limit), explains it. */
export function pageOfRecommendations(
  model: RankerModel,
  scored: readonly ScoredPair[],
  sources: ReadonlyMap<number, CandidateSource[]>,
  page: { limit: number; offset: number; explain: boolean },
  policy: ViewPolicy,
): RecommendationView[] {
  const ranked = rerank(
    scored.map((s) => ({
      id: s.item.candidate_id,
      pLike: s.pLike,
      pLikedBack: s.pLikedBack,
      popularity: s.item.likes_received,
      sources: sources.get(s.item.candidate_id) ?? [],
    })),
    { ...RERANK_POLICY, limit: page.offset + page.limit },
  );
  const byId = new Map(scored.map((s) => [s.item.candidate_id, s]));
  return ranked
    .slice(page.offset)
    .map((r, i) =>
      toView(
        model,
        byId.get(r.id)!,
        sources.get(r.id) ?? [],
        { position: page.offset + i + 1, explain: page.explain },
        policy,
      ),
    );
}

/** Orders an app-supplied list by match chance (no exposure re-ranking: the app chose the list). */
export function rankedList(
  model: RankerModel,
  scored: readonly ScoredPair[],
  policy: ViewPolicy,
): RecommendationView[] {
  return [...scored]
    .sort(
      (a, b) =>
        matchProbability(b.pLike, b.pLikedBack) - matchProbability(a.pLike, a.pLikedBack) ||
        a.item.candidate_id - b.item.candidate_id,
    )
    .map((s, i) => toView(model, s, [], { position: i + 1, explain: true }, policy));
}

/** One scored person as the reader may see them (`policy`). */
export function toView(
  model: RankerModel,
  s: ScoredPair,
  sources: CandidateSource[],
  { position, explain }: { position: number; explain: boolean },
  policy: ViewPolicy,
): RecommendationView {
  const { explanation, contributions } = explainPair(model, s, explain, policy);
  return {
    user_id: s.item.candidate_id,
    score: round(matchProbability(s.pLike, s.pLikedBack), 6),
    p_like: round(s.pLike, 6),
    p_liked_back: round(s.pLikedBack, 6),
    sources: sources.filter(policy.source),
    explanation,
    contributions,
    position,
    shared_interests: s.item.shared_interests,
    distance_km: s.item.distance_km,
  };
}

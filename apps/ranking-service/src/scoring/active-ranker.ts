import type { ModelKind } from '@app/contracts';
import { deserializeRanker, type RankerModel } from '@app/ml/ranker/model';
import type { RecommendationScorer } from '@app/contracts';
import { ActiveModel } from '@app/common/models/active-model';
import { FALLBACK_RANKER } from './fallback-ranker';

export const RANKER_KIND: ModelKind = 'ranker';

/** The artifact is the ranker's JSON; deserializeRanker refuses another feature list. */
export const parseRankerArtifact = (artifact: Buffer): RankerModel => deserializeRanker(artifact.toString('utf8'));

/** The model to score with now: the active ranker, or the documented fallback. */
export function currentScorer(active: ActiveModel<RankerModel>): {
  model: RankerModel;
  version: number | null;
  scorer: RecommendationScorer;
} {
  const a = active.get();
  return a
    ? { model: a.model, version: a.version, scorer: 'ranker' }
    : { model: FALLBACK_RANKER, version: null, scorer: 'fallback' };
}

/**
 * Candidate generation as one pure function: the eligible pool (hard rules and filters), the
 * arms scored over it, merged under per-arm quotas. candidate-service calls it with its live
 * table, relations read from PostgreSQL and the loaded embeddings; the offline evaluation
 * calls it with a market's profiles and training history, so what is measured is what runs.
 */
import type { Candidate } from '@app/contracts';
import {
  collaborativeArm,
  contentArm,
  freshArm,
  type Liker,
  popularArm,
  poolColumns,
  type PopularityView,
  reciprocalArm,
  type TasteModel,
} from './arms';
import { EligibilityCheck } from './eligibility-check';
import { armShares, fetchSize, mergeArms, planQuotas } from './merge';
import type { CandidateProfile, EligibilityFilters } from './profile';
import type { ProfileTable } from './profile-table';

/** What is known of the viewer's history, read fresh for each request. */
export interface ViewerRelations {
  /** Whom the viewer swiped or blocked, and who blocked the viewer. */
  excluded: ReadonlySet<number>;
  /** Who liked or super-liked the viewer. */
  likers: readonly Liker[];
  /** Swipes given (blocks excluded): zero makes the viewer a cold start. */
  swipes: number;
}

/** A viewer's history as stored: relations() derives what generation asks of it. */
export interface ViewerHistoryRecord {
  /** Whom the viewer swiped (blocks aside). */
  swiped: number[];
  /** Whom the viewer blocked, and who blocked the viewer. */
  blocked: number[];
  likers: Liker[];
}

export function relationsOf(h: ViewerHistoryRecord): ViewerRelations {
  const excluded = new Set(h.swiped);
  for (const id of h.blocked) excluded.add(id);
  return { excluded, likers: h.likers.slice(), swipes: h.swiped.length };
}

export interface GenerationInput {
  table: ProfileTable;
  viewer: CandidateProfile;
  filters: EligibilityFilters;
  relations: ViewerRelations;
  k: number;
  tastes: TasteModel | null;
  popularity: PopularityView;
  /** Largest pool the collaborative arm scores exactly; beyond it, the ANN index. */
  exactPoolMax: number;
  nowMs: number;
}

export interface GenerationResult {
  candidates: Candidate[];
  coldStart: boolean;
  /** Everyone eligible, before any arm truncated (reported for monitoring and tests). */
  poolSize: number;
}

export function generateCandidates(input: GenerationInput): GenerationResult {
  const { table, viewer, filters, relations, k, tastes, popularity } = input;
  const check = new EligibilityCheck(viewer, filters, relations.excluded);
  const pool = table.eligible(check);
  const warm = relations.swipes > 0;
  const quotas = planQuotas(k, armShares({ warm, inModel: !!tastes?.has(viewer.id) }));
  // Every arm runs over the in-memory pool, so running one deeper than its quota costs little,
  // and the merge can fill a short arm's places from the others' leftovers.
  const deep = (quota: number): number => (quota > 0 ? Math.max(fetchSize(quota), k) : 0);
  const cols = poolColumns(viewer, pool, popularity, input.nowMs, {
    content: quotas.content > 0,
    fresh: quotas.fresh > 0,
    popular: quotas.popular > 0,
  });
  const candidates = mergeArms(
    {
      collaborative: collaborativeArm(tastes, table, check, cols.ids, input.exactPoolMax, deep(quotas.collaborative)),
      content: contentArm(cols, deep(quotas.content)),
      reciprocal: reciprocalArm(relations.likers, table, check, deep(quotas.reciprocal)),
      fresh: freshArm(cols, deep(quotas.fresh)),
      popular: popularArm(cols, popularity.maxLikes, deep(quotas.popular)),
    },
    quotas,
    k,
  );
  const likers = new Set(relations.likers.map((l) => l.id));
  for (const c of candidates) c.liked_viewer = likers.has(c.user_id);
  return { candidates, coldStart: !warm, poolSize: pool.size };
}

/**
 * The arms scored in memory. The collaborative arm has two paths:
 * - exact: when the eligible pool is complete (the usual case: distance preferences keep it to
 *   hundreds or thousands of people), the viewer's taste is scored against every eligible
 *   appeal vector, a few hundred thousand multiply-adds, with no filtering left to do;
 * - ANN: when the pool was cut (no distance limit in a large market), the index is searched
 *   in rounds of growing depth and each round's hits are checked against the eligibility
 *   predicate in SQL, in rank order, until the arm has enough.
 * Either way the filter runs inside retrieval, before truncation.
 */
import type { EligibilityFilters } from '../eligibility/eligibility';
import type { Viewer } from '../eligibility/viewer';
import type { EmbeddingSnapshot } from '../index/embedding-snapshot';
import { freshScore, popularityScore } from './exploration-score';
import type { ScoredId } from './merge';
import { eligibleAmong, type PoolMember, type ProfileArms, type Query } from './sql-arms';

/** ANN rounds before giving up: each one searches four times deeper than the last. */
const ANN_ROUNDS = 3;
/** First ANN depth relative to what the arm needs: in a typical market a few in ten pass. */
const ANN_OVERFETCH = 4;
const MIN_ANN_DEPTH = 100;

/** Collaborative: the eligible people whose appeal best matches the viewer's taste. */
export async function collaborativeArm(query: Query, snapshot: EmbeddingSnapshot | null, viewer: Viewer, filters: EligibilityFilters, profiles: ProfileArms, n: number): Promise<ScoredId[]> {
  if (!snapshot || n <= 0 || !snapshot.has(viewer.id)) return [];
  if (profiles.complete) return snapshot.scoreAmong(viewer.id, profiles.pool.map((m) => m.id), n);
  const checked = new Set<number>();
  const out: ScoredId[] = [];
  let depth = Math.max(MIN_ANN_DEPTH, n * ANN_OVERFETCH);
  for (let round = 0; round < ANN_ROUNDS && out.length < n; round++) {
    // Ids of earlier rounds are filtered inside the search, so each round brings new ones.
    const hits = snapshot.search(viewer.id, depth, (id) => !checked.has(id));
    if (hits.length === 0) break;
    for (const h of hits) checked.add(h.id);
    const ok = await eligibleAmong(query, viewer, filters, hits.map((h) => h.id));
    for (const h of hits) if (ok.has(h.id) && out.length < n) out.push({ id: h.id, score: h.score });
    if (hits.length < depth) break; // the index has nothing more to give
    depth *= ANN_OVERFETCH;
  }
  return out;
}

/** Popularity and exposure counts (PopularityService keeps them fresh). */
export interface PopularityView {
  likesOf(id: number): number;
  readonly maxLikes: number;
  exposureOf(id: number): number;
}

/** Popular: the most liked people of the eligible pool (safe bets for a viewer we do not know). */
export function popularArm(view: PopularityView, pool: readonly PoolMember[], n: number): ScoredId[] {
  if (n <= 0) return [];
  return pool
    .map((m) => ({ id: m.id, likes: view.likesOf(m.id) }))
    .filter((m) => m.likes > 0)
    .sort((a, b) => b.likes - a.likes || a.id - b.id)
    .slice(0, n)
    .map((m) => ({ id: m.id, score: popularityScore(m.likes, view.maxLikes) }));
}

/** Fresh: the newest and least shown people of the eligible pool. */
export function freshArm(view: PopularityView, pool: readonly PoolMember[], n: number, now = new Date()): ScoredId[] {
  if (n <= 0) return [];
  return pool
    .map((m) => ({ id: m.id, score: freshScore(m.createdAt, view.exposureOf(m.id), now) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, n);
}

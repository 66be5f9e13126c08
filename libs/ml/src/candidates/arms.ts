/**
 * The retrieval arms, each scoring people who already passed the eligibility check, so no arm
 * can return someone who may not be shown and truncation always comes after the filter.
 */
import { haversineKm } from '../features/geo';
import type { EligibilityCheck } from './eligibility-check';
import { bestOf } from './best-of';
import { freshScore, popularityScore } from './exploration-score';
import type { ScoredId } from './merge';
import { type CandidateProfile, hasLocation } from './profile';
import type { ProfileTable } from './profile-table';

/** Popularity and exposure counts (the service refreshes them in the background). */
export interface PopularityView {
  likesOf(id: number): number;
  readonly maxLikes: number;
  exposureOf(id: number): number;
}

/** The collaborative model as the arms need it (EmbeddingSnapshot implements it). */
export interface TasteModel {
  readonly version: number;
  has(userId: number): boolean;
  /** Exact taste·appeal scores of the viewer against `ids`, best n first. */
  scoreAmong(viewerId: number, ids: readonly number[], n: number): ScoredId[];
  /** ANN search of the best k among those `keep` accepts. */
  search(viewerId: number, k: number, keep?: (id: number) => boolean): ScoredId[];
}

/** Someone who liked or super-liked the viewer. */
export interface Liker {
  id: number;
  superLike: boolean;
  atMs: number;
}

/**
 * Content: shared interests (cosine of the two interest sets), age fit (closeness to the
 * viewer's own age, scaled by the width of their range) and nearness (1 at 0 km, 1/2 at 25 km;
 * a neutral 1/2 when a location is unknown). Weights 0.6 / 0.25 / 0.15: interests carry the
 * most information about a pair; age and distance are already bounded by the hard rules.
 */
export function contentScore(viewer: CandidateProfile, viewerInterests: InterestSet, c: CandidateProfile): number {
  const keys = c.interestKeys;
  let shared = 0;
  if (keys) {
    for (let i = 0; i < keys.length; i++) if (keys[i] < viewerInterests.flags.length && viewerInterests.flags[keys[i]]) shared++;
  } else for (const t of c.interests) if (viewerInterests.words.has(t)) shared++;
  const size = viewerInterests.words.size;
  const overlap = size ? shared / Math.sqrt(size * Math.max(keys ? keys.length : c.interests.length, 1)) : 0;
  const halfWidth = Math.max(1, (viewer.ageMax - viewer.ageMin) / 2);
  const ageFit = Math.max(0, 1 - Math.abs(c.age - viewer.age) / (halfWidth + 1));
  const near = hasLocation(viewer) && hasLocation(c) ? 1 / (1 + haversineKm(viewer.latitude!, viewer.longitude!, c.latitude!, c.longitude!) / 25) : 0.5;
  return 0.6 * overlap + 0.25 * ageFit + 0.15 * near;
}

/** The viewer's interests as words, and as flags over the table's interest ids when known. */
export interface InterestSet {
  words: ReadonlySet<string>;
  flags: Uint8Array;
}

export function interestSet(viewer: CandidateProfile): InterestSet {
  const words = new Set(viewer.interests);
  const keys = viewer.interestKeys ?? new Int32Array(0);
  const flags = new Uint8Array(keys.length ? Math.max(...keys) + 1 : 0);
  for (const k of keys) flags[k] = 1;
  return { words, flags };
}

export function contentArm(viewer: CandidateProfile, pool: readonly CandidateProfile[], n: number): ScoredId[] {
  if (n <= 0) return [];
  const interests = interestSet(viewer);
  return bestOf(pool.length, n, (k) => pool[k].id, (k) => contentScore(viewer, interests, pool[k]));
}

/**
 * Reciprocal: people who liked or super-liked the viewer and may be shown (the check excludes
 * anyone the viewer already answered). Super likes first, then the most recent.
 */
export function reciprocalArm(likers: readonly Liker[], table: ProfileTable, check: EligibilityCheck, n: number): ScoredId[] {
  if (n <= 0) return [];
  return likers
    .filter((l) => {
      const c = table.get(l.id);
      return c !== undefined && check.passes(c);
    })
    .sort((a, b) => Number(b.superLike) - Number(a.superLike) || b.atMs - a.atMs || a.id - b.id)
    .slice(0, n)
    .map((l) => ({ id: l.id, score: l.superLike ? 2 : 1 }));
}

/**
 * Collaborative: the eligible people whose appeal best matches the viewer's taste. A pool of up
 * to `exactMax` people is scored exactly (a few hundred thousand multiply-adds); a larger one
 * (no distance limit in a big market) is searched through the ANN index, which asks the same
 * check about each hit inside the search, so filtering still happens before truncation.
 */
export function collaborativeArm(tastes: TasteModel | null, table: ProfileTable, check: EligibilityCheck, pool: readonly CandidateProfile[], exactMax: number, n: number): ScoredId[] {
  const viewerId = check.viewer.id;
  if (!tastes || n <= 0 || !tastes.has(viewerId)) return [];
  if (pool.length <= exactMax) return tastes.scoreAmong(viewerId, pool.map((c) => c.id), n);
  return tastes.search(viewerId, n, (id) => {
    const c = table.get(id);
    return c !== undefined && check.passes(c);
  });
}

/** Popular: the most liked eligible people (safe bets for a viewer we do not know). */
export function popularArm(view: PopularityView, pool: readonly CandidateProfile[], n: number): ScoredId[] {
  if (n <= 0) return [];
  // People nobody liked score -Infinity and are dropped: they are not "popular".
  return bestOf(pool.length, n, (k) => pool[k].id, (k) => view.likesOf(pool[k].id) || -Infinity).map((m) => ({ id: m.id, score: popularityScore(m.score, view.maxLikes) }));
}

/** Fresh: the newest and least shown eligible people. */
export function freshArm(view: PopularityView, pool: readonly CandidateProfile[], n: number, nowMs: number): ScoredId[] {
  if (n <= 0) return [];
  return bestOf(pool.length, n, (k) => pool[k].id, (k) => freshScore(pool[k].createdAt, view.exposureOf(pool[k].id), nowMs));
}


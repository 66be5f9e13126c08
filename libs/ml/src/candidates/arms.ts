/**
 * The retrieval arms, each scoring people who already passed the eligibility check, so no arm
 * can return someone who may not be shown and truncation always comes after the filter.
 */
import { haversineKm } from '../features/geo';
import { interestIds } from '../features/interest-ids';
import type { EligibilityCheck } from './eligibility-check';
import { bestOf } from './best-of';
import { freshScore, popularityScore } from './exploration-score';
import type { ScoredId } from './merge';
import type { PoolRows } from './pool-rows';
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
  scoreAmong(viewerId: number, ids: ArrayLike<number>, n: number): ScoredId[];
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
 * `km`: their distance when the caller already has it.
 */
export function contentScore(
  viewer: CandidateProfile,
  viewerInterests: InterestSet,
  c: CandidateProfile,
  km?: number,
): number {
  // Profiles of the table carry their interest ids; any other (a test's, a tool's) gets them here.
  const keys = c.interestKeys ?? interestIds(c.interests);
  const flags = viewerInterests.flags;
  let shared = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] < flags.length && flags[keys[i]]) shared++;
  const distance =
    hasLocation(viewer) && hasLocation(c)
      ? (km ?? haversineKm(viewer.latitude!, viewer.longitude!, c.latitude!, c.longitude!))
      : NaN;
  return contentOf(viewer, viewerInterests.size, shared, keys.length, c.age, distance);
}

/** contentScore from its parts; `km` NaN when either location is unknown. */
function contentOf(
  viewer: CandidateProfile,
  viewerInterests: number,
  shared: number,
  theirInterests: number,
  age: number,
  km: number,
): number {
  const overlap = viewerInterests ? shared / Math.sqrt(viewerInterests * Math.max(theirInterests, 1)) : 0;
  const halfWidth = Math.max(1, (viewer.ageMax - viewer.ageMin) / 2);
  const ageFit = Math.max(0, 1 - Math.abs(age - viewer.age) / (halfWidth + 1));
  const near = Number.isNaN(km) ? 0.5 : 1 / (1 + km / 25);
  return 0.6 * overlap + 0.25 * ageFit + 0.15 * near;
}

/** The viewer's distinct normalized interests, as flags over their ids. */
export interface InterestSet {
  size: number;
  flags: Uint8Array;
}

export function interestSet(viewer: CandidateProfile): InterestSet {
  const keys = viewer.interestKeys ?? interestIds(viewer.interests);
  const flags = new Uint8Array(keys.length ? Math.max(...keys) + 1 : 0);
  for (const k of keys) flags[k] = 1;
  return { size: keys.length, flags };
}

/**
 * What the in-memory arms need of the pool, computed in ONE pass over it, from the columns of
 * the table's buckets (see PoolRows). Only the columns asked for are filled.
 */
export interface PoolColumns {
  ids: Float64Array;
  content: Float64Array | null;
  fresh: Float64Array | null;
  /** Likes received; -Infinity for nobody's, who are not "popular". */
  likes: Float64Array | null;
}

export function poolColumns(
  viewer: CandidateProfile,
  pool: PoolRows,
  popularity: PopularityView,
  nowMs: number,
  want: { content: boolean; fresh: boolean; popular: boolean },
): PoolColumns {
  const n = pool.size;
  const cols: PoolColumns = {
    ids: new Float64Array(n),
    content: want.content ? new Float64Array(n) : null,
    fresh: want.fresh ? new Float64Array(n) : null,
    likes: want.popular ? new Float64Array(n) : null,
  };
  const interests = want.content ? interestSet(viewer) : null;
  const { buckets, rows, km } = pool;
  for (let k = 0; k < n; k++) {
    const b = buckets[k];
    const i = rows[k];
    const id = b.id[i];
    cols.ids[k] = id;
    if (cols.content)
      cols.content[k] = contentOf(
        viewer,
        interests!.size,
        b.sharedInterests(i, interests!.flags),
        b.interestCount[i],
        b.age[i],
        km[k],
      );
    if (cols.fresh) cols.fresh[k] = freshScore(b.createdAt[i], popularity.exposureOf(id), nowMs);
    if (cols.likes) cols.likes[k] = popularity.likesOf(id) || -Infinity;
  }
  return cols;
}

/** The n best of one filled column. */
function top(cols: PoolColumns, column: Float64Array | null, n: number): ScoredId[] {
  if (!column || n <= 0) return [];
  return bestOf(
    cols.ids.length,
    n,
    (k) => cols.ids[k],
    (k) => column[k],
  );
}

/** Content: the best content scores of the pool. */
export function contentArm(cols: PoolColumns, n: number): ScoredId[] {
  return top(cols, cols.content, n);
}

/**
 * Reciprocal: people who liked or super-liked the viewer and may be shown (the check excludes
 * anyone the viewer already answered). Super likes first, then the most recent.
 */
export function reciprocalArm(
  likers: readonly Liker[],
  table: ProfileTable,
  check: EligibilityCheck,
  n: number,
): ScoredId[] {
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
export function collaborativeArm(
  tastes: TasteModel | null,
  table: ProfileTable,
  check: EligibilityCheck,
  poolIds: ArrayLike<number>,
  exactMax: number,
  n: number,
): ScoredId[] {
  const viewerId = check.viewer.id;
  if (!tastes || n <= 0 || !tastes.has(viewerId)) return [];
  if (poolIds.length <= exactMax) return tastes.scoreAmong(viewerId, poolIds, n);
  return tastes.search(viewerId, n, (id) => {
    const c = table.get(id);
    return c !== undefined && check.passes(c);
  });
}

/** Popular: the most liked eligible people (safe bets for a viewer we do not know). */
export function popularArm(cols: PoolColumns, maxLikes: number, n: number): ScoredId[] {
  return top(cols, cols.likes, n).map((m) => ({ id: m.id, score: popularityScore(m.score, maxLikes) }));
}

/** Fresh: the newest and least shown eligible people. */
export function freshArm(cols: PoolColumns, n: number): ScoredId[] {
  return top(cols, cols.fresh, n);
}

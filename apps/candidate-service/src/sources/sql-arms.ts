/**
 * The arms answered by PostgreSQL. Each query carries the one eligibility predicate
 * (eligibility.ts), so each arm returns only people who may be shown; truncation (LIMIT)
 * happens after the filter, never before.
 */
import { distanceSql, eligibilitySql, hasLocation, SqlParams, type EligibilityFilters } from '../eligibility/eligibility';
import type { Viewer } from '../eligibility/viewer';
import type { ScoredId } from './merge';

/** Runs one parameterised query (DataSource.query in the service, a pg client elsewhere). */
export type Query = <T = Record<string, unknown>>(sql: string, params: unknown[]) => Promise<T[]>;

/** An eligible person, as the in-memory arms need them. */
export interface PoolMember {
  id: number;
  createdAt: Date;
}

/** The content arm, and the eligible pool the exploration and exact collaborative arms score. */
export interface ProfileArms {
  content: ScoredId[];
  /** Eligible people, newest first, at most poolMax. */
  pool: PoolMember[];
  /** True when `pool` is every eligible person (it was not cut at poolMax). */
  complete: boolean;
}

/**
 * Content and the eligible pool in one query: the eligible set is computed once (a
 * MATERIALIZED CTE) and read twice, instead of one scan of the same users per arm.
 *
 * Content score: shared interests (cosine of the two interest sets), age fit (closeness to the
 * viewer's own age, scaled by the width of their range) and nearness (1 at 0 km, 1/2 at
 * 25 km; a neutral 1/2 when a location is unknown). Weights 0.6 / 0.25 / 0.15: interests carry
 * the most information about a pair; age and distance are already bounded by the hard filters.
 *
 * The pool is the newest poolMax + 1 eligible people (the extra row only tells whether the
 * pool was cut). With distance preferences it is usually the whole eligible set: a few hundred
 * to a few thousand people.
 */
export async function profileArms(query: Query, viewer: Viewer, filters: EligibilityFilters, nContent: number, poolMax: number): Promise<ProfileArms> {
  const p = new SqlParams();
  const where = eligibilitySql(viewer, filters, p);
  // A placeholder is only added when used: PostgreSQL rejects parameters it cannot type.
  const overlap = viewer.interests.length
    ? `(SELECT count(*) FROM unnest(e.interests) t WHERE t = ANY(${p.add(viewer.interests, 'text[]')}))::float8 / sqrt(${viewer.interests.length} * greatest(cardinality(e.interests), 1))`
    : '0';
  const halfWidth = Math.max(1, (viewer.prefAgeMax - viewer.prefAgeMin) / 2);
  const ageFit = `greatest(0, 1 - abs(e.age - ${p.add(viewer.age, 'int')}) / ${p.add(halfWidth + 1, 'float8')})`;
  const near = hasLocation(viewer)
    ? `CASE WHEN e.latitude IS NULL OR e.longitude IS NULL THEN 0.5 ELSE 1 / (1 + ${distanceSql(p.add(viewer.latitude, 'float8'), p.add(viewer.longitude, 'float8'), 'e')} / 25) END`
    : '0.5';
  const rows = await query<{ arm: 'content' | 'pool'; id: number; score: number | null; created_at: Date }>(
    `WITH e AS MATERIALIZED (
       SELECT c.id, c.interests, c.age, c.latitude, c.longitude, c.created_at FROM users c
       WHERE ${where}
     )
     (SELECT 'content' AS arm, e.id, (0.6 * ${overlap} + 0.25 * ${ageFit} + 0.15 * ${near})::float8 AS score, e.created_at
      FROM e ORDER BY score DESC, e.id LIMIT ${p.add(Math.max(0, nContent), 'int')})
     UNION ALL
     (SELECT 'pool', e.id, NULL, e.created_at FROM e ORDER BY e.created_at DESC, e.id DESC LIMIT ${p.add(Math.max(0, poolMax) + 1, 'int')})`,
    p.values,
  );
  const out: ProfileArms = { content: [], pool: [], complete: true };
  for (const r of rows) {
    if (r.arm === 'content') out.content.push({ id: r.id, score: r.score! });
    else out.pool.push({ id: r.id, createdAt: new Date(r.created_at) });
  }
  if (out.pool.length > poolMax) {
    out.pool.length = Math.max(0, poolMax);
    out.complete = false;
  }
  return out;
}

/**
 * Reciprocal: people who liked or super-liked the viewer and whom the viewer has not answered
 * (the predicate excludes anyone the viewer swiped). Super likes first, then the most recent.
 */
export async function reciprocalArm(query: Query, viewer: Viewer, filters: EligibilityFilters, n: number): Promise<ScoredId[]> {
  if (n <= 0) return [];
  const p = new SqlParams();
  const vid = p.add(viewer.id, 'int');
  const where = eligibilitySql(viewer, filters, p);
  const rows = await query<{ id: number; score: number }>(
    `SELECT c.id, CASE WHEN l.type = 'super_like' THEN 2 ELSE 1 END AS score
     FROM interactions l JOIN users c ON c.id = l.actor_id
     WHERE l.target_id = ${vid} AND l.type IN ('like', 'super_like')
       AND ${where}
     ORDER BY score DESC, l.created_at DESC, c.id
     LIMIT ${p.add(n, 'int')}`,
    p.values,
  );
  return rows.map((r) => ({ id: r.id, score: r.score }));
}

/** The subset of `ids` that passes the predicate (for ANN hits and the popularity list). */
export async function eligibleAmong(query: Query, viewer: Viewer, filters: EligibilityFilters, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const p = new SqlParams();
  const where = eligibilitySql(viewer, filters, p);
  const rows = await query<{ id: number }>(`SELECT c.id FROM users c WHERE c.id = ANY(${p.add(ids, 'int[]')}) AND ${where}`, p.values);
  return new Set(rows.map((r) => r.id));
}

import type { VersionPerformance } from '@app/contracts';

/**
 * Outcomes of served recommendations per ranker version over a window. A pair counts once
 * (first shown in the window); it is "liked" when the viewer liked or super liked the candidate
 * after that first showing, and "matched" when, in addition, the candidate likes the viewer and
 * neither blocked the other (the same definition as matches elsewhere). The lookups use the
 * unique (actor, target) swipe index, one probe per served pair.
 */
export const PERFORMANCE_SQL = `
  WITH served AS (
    SELECT model_versions->>'ranker' AS ranker, viewer_id, candidate_id, min(created_at) AS first_at, count(*)::int AS n
      FROM impressions
     WHERE created_at >= $1
     GROUP BY 1, 2, 3
  ), outcome AS (
    SELECT s.*,
           EXISTS (SELECT 1 FROM interactions l WHERE l.actor_id = s.viewer_id AND l.target_id = s.candidate_id
                     AND l.type IN ('like', 'super_like') AND l.created_at >= s.first_at) AS liked,
           EXISTS (SELECT 1 FROM interactions b WHERE b.actor_id = s.candidate_id AND b.target_id = s.viewer_id AND b.type IN ('like', 'super_like'))
             AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.type = 'block'
                     AND ((x.actor_id = s.viewer_id AND x.target_id = s.candidate_id) OR (x.actor_id = s.candidate_id AND x.target_id = s.viewer_id))) AS liked_back
      FROM served s
  )
  SELECT ranker, sum(n)::int AS served, count(*)::int AS pairs, count(DISTINCT viewer_id)::int AS viewers,
         count(*) FILTER (WHERE liked)::int AS liked, count(*) FILTER (WHERE liked AND liked_back)::int AS matched
    FROM outcome
   GROUP BY ranker
   ORDER BY ranker NULLS FIRST`;

export interface PerformanceRow {
  ranker: string | null;
  served: number;
  pairs: number;
  viewers: number;
  liked: number;
  matched: number;
}

/** One report row from the SQL aggregate (rates over distinct pairs; 0 when nothing was served). */
export function toVersionPerformance(r: PerformanceRow): VersionPerformance {
  const version = r.ranker === null ? null : Number(r.ranker);
  const rate = (x: number): number => (r.pairs === 0 ? 0 : Math.round((x / r.pairs) * 10_000) / 10_000);
  return {
    ranker_version: version,
    scorer: version === null ? 'fallback' : 'ranker',
    served: r.served,
    pairs: r.pairs,
    viewers: r.viewers,
    liked: r.liked,
    like_rate: rate(r.liked),
    matched: r.matched,
    match_rate: rate(r.matched),
  };
}

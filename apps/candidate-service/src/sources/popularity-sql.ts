import type { TallySql } from './windowed-tally';

/**
 * Swipes received: m0 the positive weight (a like 1, a super like 2), m1 every swipe (blocks
 * aside). The window is the 30 days before the latest swipe, not before now, so a market
 * imported with past timestamps still has a popularity.
 */
const RECEIVED_MEASURES = `sum(CASE type WHEN 'super_like' THEN 2 WHEN 'like' THEN 1 ELSE 0 END)::int AS m0, count(*)::int AS m1`;

export const RECEIVED_SQL: TallySql = {
  start: `SELECT (max(created_at) - interval '30 days')::text AS start FROM interactions`,
  maxId: `SELECT max(id) AS max_id FROM interactions`,
  full: `SELECT target_id AS user_id, ${RECEIVED_MEASURES} FROM interactions
          WHERE type <> 'block' AND created_at >= $1::timestamptz AND id <= $2 GROUP BY target_id`,
  leaving: `SELECT target_id AS user_id, ${RECEIVED_MEASURES} FROM interactions
             WHERE type <> 'block' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz AND id <= $3 GROUP BY target_id`,
  newer: `
    WITH fresh AS (
      SELECT i.id, i.created_at, i.target_id, i.type
        FROM interactions i LEFT JOIN unnest($3::bigint[]) AS s(id) ON s.id = i.id
       WHERE i.id > $1 AND s.id IS NULL
    )
    SELECT NULL::int AS user_id, 0 AS m0, 0 AS m1, (SELECT coalesce(array_agg(id), '{}') FROM fresh) AS ids
    UNION ALL
    SELECT target_id, ${RECEIVED_MEASURES}, NULL FROM fresh WHERE type <> 'block' AND created_at >= $2::timestamptz GROUP BY target_id`,
};

/** Appearances in served pages over the last 7 days: m0 how many. */
export const SHOWN_SQL: TallySql = {
  start: `SELECT (now() - interval '7 days')::text AS start`,
  maxId: `SELECT max(id) AS max_id FROM impression_pages`,
  full: `SELECT c AS user_id, count(*)::int AS m0 FROM impression_pages p CROSS JOIN LATERAL unnest(p.candidate_ids) AS c
          WHERE p.created_at >= $1::timestamptz AND p.id <= $2 GROUP BY c`,
  leaving: `SELECT c AS user_id, count(*)::int AS m0 FROM impression_pages p CROSS JOIN LATERAL unnest(p.candidate_ids) AS c
             WHERE p.created_at >= $1::timestamptz AND p.created_at < $2::timestamptz AND p.id <= $3 GROUP BY c`,
  newer: `
    WITH fresh AS (
      SELECT p.id, p.created_at, p.candidate_ids
        FROM impression_pages p LEFT JOIN unnest($3::bigint[]) AS s(id) ON s.id = p.id
       WHERE p.id > $1 AND s.id IS NULL
    )
    SELECT NULL::int AS user_id, 0 AS m0, (SELECT coalesce(array_agg(id), '{}') FROM fresh) AS ids
    UNION ALL
    SELECT c, count(*)::int, NULL FROM fresh CROSS JOIN LATERAL unnest(fresh.candidate_ids) AS c WHERE fresh.created_at >= $2::timestamptz GROUP BY c`,
};

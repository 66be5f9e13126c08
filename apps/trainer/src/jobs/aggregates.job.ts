import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Recomputes user_aggregates from the source of truth in one statement, with the same rules as
 * `computeAggregates` in libs/ml (the latest swipe per pair counts; a mutual like is a match), so
 * the stored aggregates and the ones training replays agree. Idempotent: it overwrites every row.
 */
export const RECOMPUTE_AGGREGATES_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (actor_id, target_id) actor_id, target_id, type IN ('like', 'super_like') AS positive, created_at
  FROM interactions WHERE actor_id <> target_id
  ORDER BY actor_id, target_id, created_at DESC, id DESC
), given AS (
  SELECT actor_id AS user_id, count(*) FILTER (WHERE positive) AS likes, count(*) FILTER (WHERE NOT positive) AS dislikes, max(created_at) AS last_swipe_at
  FROM latest GROUP BY actor_id
), received AS (
  SELECT target_id AS user_id, count(*) FILTER (WHERE positive) AS likes, count(*) FILTER (WHERE NOT positive) AS dislikes
  FROM latest GROUP BY target_id
), mutual AS (
  SELECT a.actor_id AS user_id, count(*) AS matches
  FROM latest a JOIN latest b ON b.actor_id = a.target_id AND b.target_id = a.actor_id
  WHERE a.positive AND b.positive GROUP BY a.actor_id
), shown AS (
  SELECT candidate_id AS user_id, count(*) AS impressions FROM impressions GROUP BY candidate_id
)
INSERT INTO user_aggregates AS ua (user_id, likes_given, dislikes_given, likes_received, dislikes_received, matches, impressions_received, last_swipe_at, computed_at)
SELECT u.id, coalesce(g.likes, 0), coalesce(g.dislikes, 0), coalesce(r.likes, 0), coalesce(r.dislikes, 0), coalesce(m.matches, 0), coalesce(s.impressions, 0), g.last_swipe_at, now()
FROM users u
LEFT JOIN given g ON g.user_id = u.id
LEFT JOIN received r ON r.user_id = u.id
LEFT JOIN mutual m ON m.user_id = u.id
LEFT JOIN shown s ON s.user_id = u.id
ON CONFLICT (user_id) DO UPDATE SET
  likes_given = EXCLUDED.likes_given, dislikes_given = EXCLUDED.dislikes_given,
  likes_received = EXCLUDED.likes_received, dislikes_received = EXCLUDED.dislikes_received,
  matches = EXCLUDED.matches, impressions_received = EXCLUDED.impressions_received,
  last_swipe_at = EXCLUDED.last_swipe_at, computed_at = EXCLUDED.computed_at`;

@Injectable()
export class AggregatesJob {
  constructor(private readonly ds: DataSource) {}

  /** Returns the number of users written. */
  async run(): Promise<number> {
    const result = await this.ds.query(RECOMPUTE_AGGREGATES_SQL);
    // TypeORM's postgres driver returns [rows, affectedCount] for an INSERT without RETURNING.
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : Number((await this.ds.query(`SELECT count(*) AS n FROM user_aggregates`))[0].n);
  }
}

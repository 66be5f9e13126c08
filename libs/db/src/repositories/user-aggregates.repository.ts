/**
 * The `user_aggregates` table: the feature store's behavioural counts per user, recomputed by
 * the trainer and held in memory by the feature service (which re-reads it when it changed).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { UserAggregateEntity } from '../entities/user-aggregate.entity';
import { forEachKeysetPage } from '../sql/keyset-pages';
import { runQueryOf } from '../sql/run-query';

/** A user_aggregates row as PostgreSQL returns it: counts as of `computed_at`. */
export interface AggregateRow {
  user_id: number;
  likes_given: number;
  /** Dislikes and blocks given. */
  dislikes_given: number;
  likes_received: number;
  dislikes_received: number;
  matches: number;
  last_swipe_at: Date | null;
  computed_at: Date;
}

/**
 * Recomputes user_aggregates from the source of truth in one statement, with the same rules as
 * `computeAggregates` in libs/ml (the latest swipe per pair counts; a mutual like is a match), so
 * the stored aggregates and the ones training replays agree. Idempotent: it overwrites every row.
 */
const RECOMPUTE_AGGREGATES_SQL = `
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

/** Behavioural aggregates: recomputed in bulk, read whole, counted for a deletion. */
export class UserAggregatesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Recomputes every user's row; returns how many were written. Raw: one set-based statement
   * over every interaction and impression, run inside PostgreSQL instead of row by row.
   */
  async recomputeAll(): Promise<number> {
    const result = await this.ds.query(RECOMPUTE_AGGREGATES_SQL);
    // TypeORM's postgres driver returns [rows, affectedCount] for an INSERT without RETURNING.
    if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
    return Number((await this.ds.query(`SELECT count(*) AS n FROM user_aggregates`))[0].n);
  }

  /** When the newest row was computed; null when there is none. Raw: TypeORM's maximum() parses a number. */
  async newestComputedAt(): Promise<Date | null> {
    const sql = 'SELECT max(computed_at) AS newest FROM user_aggregates';
    const [{ newest }] = await this.ds.query<{ newest: Date | null }[]>(sql);
    return newest;
  }

  /**
   * Every row, in pages of `pageSize` by user id; each page is handled before the next is read.
   * Raw keyset pages: the feature service re-reads 100k rows while serving (sql/keyset-pages.ts).
   */
  forEachPage(pageSize: number, onPage: (rows: AggregateRow[]) => Promise<void> | void): Promise<void> {
    const select = 'SELECT * FROM user_aggregates';
    return forEachKeysetPage<AggregateRow>(runQueryOf(this.ds), select, 'user_id', (r) => r.user_id, pageSize, onPage);
  }

  /** Whether the user has a row (0 or 1). */
  countOf(userId: number, m: EntityManager = this.ds.manager): Promise<number> {
    return m.countBy(UserAggregateEntity, { userId });
  }
}

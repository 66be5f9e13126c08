/**
 * Matches are computed, not stored: a like or super like each way and no block either way
 * (ARCHITECTURE.md, "Data"), so a block dissolves a match by construction. Raw SQL: a self-join
 * of `interactions` with a correlated block filter, which TypeORM has no relation to express.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { InteractionRow } from './interactions.repository';
import { blockedEitherWay, POSITIVE_TYPES_SQL } from './interaction-sql';

/** SQL: the matches of $1 with the time each formed (the later of the two likes). */
export const MATCHES_SQL = `
  SELECT b.actor_id AS matched_user_id, GREATEST(a.created_at, b.created_at) AS matched_at
  FROM interactions a
  JOIN interactions b ON b.actor_id = a.target_id AND b.target_id = a.actor_id AND b.type IN ${POSITIVE_TYPES_SQL}
  WHERE a.actor_id = $1 AND a.type IN ${POSITIVE_TYPES_SQL} AND NOT ${blockedEitherWay('$1', 'a.target_id')}`;

/** One match of a user. */
export interface MatchRow {
  matched_user_id: number;
  matched_at: Date;
}

const isPositive = (r: InteractionRow): boolean => r.type === 'like' || r.type === 'super_like';

/** Mutual likes without a block either way. */
export class MatchesRepository {
  constructor(private readonly ds: DataSource) {}

  /** How many matches the user has. */
  async countOf(userId: number): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM (${MATCHES_SQL}) m`, [userId]);
    return n;
  }

  /** A page of the user's matches, newest first, and how many there are. */
  async findPage(userId: number, limit: number, offset: number): Promise<{ rows: MatchRow[]; total: number }> {
    const rows: (MatchRow & { total: number })[] = await this.ds.query(
      `SELECT m.matched_user_id, m.matched_at, count(*) OVER ()::int AS total FROM (${MATCHES_SQL}) m
       ORDER BY m.matched_at DESC, m.matched_user_id LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    // A page past the end has no row to carry the total: count it alone.
    const total = rows[0]?.total ?? (offset > 0 ? await this.countOf(userId) : 0);
    return { rows: rows.map((r) => ({ matched_user_id: r.matched_user_id, matched_at: r.matched_at })), total };
  }

  /** Whether a new swipe completes a match: a like the other returned, neither having blocked the other. */
  async completesMatch(row: InteractionRow, m: EntityManager): Promise<boolean> {
    if (!isPositive(row)) return false;
    const [hit] = await m.query(
      `SELECT 1 FROM interactions r WHERE r.actor_id = $2 AND r.target_id = $1 AND r.type IN ${POSITIVE_TYPES_SQL}
       AND NOT ${blockedEitherWay('$1', '$2')}`,
      [row.actor_id, row.target_id],
    );
    return hit !== undefined;
  }

  /**
   * The ids of those of `rows` (stored swipes: a batch just inserted, or any age) that completed a
   * match when they were made: positive, answering an earlier positive swipe (a smaller id), with
   * no block either way, in one statement. A match counts once, on the swipe that completed it:
   * of a mutual pair inserted in one batch, the later one.
   */
  async findCompleting(rows: readonly InteractionRow[], m: EntityManager): Promise<Set<number>> {
    const positive = rows.filter(isPositive);
    if (!positive.length) return new Set();
    const hits: { id: string }[] = await m.query(
      `SELECT n.id FROM unnest($1::bigint[], $2::int[], $3::int[]) AS n(id, actor_id, target_id)
       WHERE EXISTS (SELECT 1 FROM interactions r WHERE r.actor_id = n.target_id AND r.target_id = n.actor_id
                       AND r.type IN ${POSITIVE_TYPES_SQL} AND r.id < n.id)
       AND NOT ${blockedEitherWay('n.actor_id', 'n.target_id')}`,
      [positive.map((r) => r.id), positive.map((r) => r.actor_id), positive.map((r) => r.target_id)],
    );
    return new Set(hits.map((h) => Number(h.id)));
  }
}

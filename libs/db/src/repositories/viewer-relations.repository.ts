/**
 * Interactions as the recommendation flow sees them, from one viewer's side: the history that
 * candidate generation's hard rules and reciprocal arm need (read when candidate-service does
 * not hold it yet: apps/candidate-service/src/history), the relations ranking.rank checks, and
 * the likes the feature store reads when its caller did not bring them.
 */
import type { DataSource } from 'typeorm';
import type { KnownLikes } from '@app/contracts';
import type { Liker, ViewerHistoryRecord } from '@app/ml/candidates';
import { type PreparedQuery, runPrepared } from '../sql/prepared';
import { POSITIVE_TYPES_SQL } from './interaction-sql';

/**
 * Everything of the viewer's history that generation needs, in one query over two indexes:
 * what they did (every swipe and block: all excluded), and what was done to them (likes, for
 * the reciprocal arm; blocks, excluded).
 */
const RELATIONS_SQL = `
  SELECT target_id AS id, type, created_at, true AS mine FROM interactions WHERE actor_id = $1
  UNION ALL
  SELECT actor_id, type, created_at, false FROM interactions WHERE target_id = $1 AND type IN ('like', 'super_like', 'block')`;

/** RELATIONS_SQL as a named prepared statement (it runs on every recommendation whose viewer is not held). */
const RELATIONS_QUERY: PreparedQuery = { name: 'viewer-relations-v1', text: RELATIONS_SQL };

/** A row of RELATIONS_SQL. */
export interface RelationRow {
  id: number;
  type: 'like' | 'super_like' | 'dislike' | 'block';
  created_at: Date | string;
  mine: boolean;
}

/** The viewer's history from the rows of RELATIONS_SQL. */
export function toHistory(rows: readonly RelationRow[]): ViewerHistoryRecord {
  const swiped: number[] = [];
  const blocked: number[] = [];
  const likers: Liker[] = [];
  for (const r of rows) {
    if (r.type === 'block') blocked.push(r.id);
    else if (r.mine) swiped.push(r.id);
    else likers.push({ id: r.id, superLike: r.type === 'super_like', atMs: new Date(r.created_at).getTime() });
  }
  return { swiped, blocked, likers };
}

/** Whom, among some people, the viewer swiped, and who is in a block with the viewer either way. */
export interface RelationsWith {
  swiped: Set<number>;
  blocked: Set<number>;
}

/** One viewer's interactions with others, for candidate generation, ranking and the feature store. */
export class ViewerRelationsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The viewer's history: a named prepared statement, since planning was half its cost (sql/prepared.ts). */
  async findHistory(viewerId: number): Promise<ViewerHistoryRecord> {
    return toHistory(await runPrepared<RelationRow>(this.ds, RELATIONS_QUERY, [viewerId]));
  }

  /** Whom of `ids` the viewer swiped, and who of them is in a block with the viewer either way. */
  async findRelationsWith(viewerId: number, ids: readonly number[]): Promise<RelationsWith> {
    // Raw: one statement over the (actor, target) and (target, actor) indexes with an array parameter.
    const rows: { actor_id: number; target_id: number; type: string }[] = await this.ds.query(
      `SELECT actor_id, target_id, type FROM interactions
        WHERE (actor_id = $1 AND target_id = ANY($2::int[])) OR (target_id = $1 AND actor_id = ANY($2::int[]) AND type = 'block')`,
      [viewerId, ids],
    );
    const other = (r: { actor_id: number; target_id: number }): number =>
      r.actor_id === viewerId ? r.target_id : r.actor_id;
    return {
      blocked: new Set(rows.filter((r) => r.type === 'block').map(other)),
      swiped: new Set(rows.filter((r) => r.type !== 'block' && r.actor_id === viewerId).map((r) => r.target_id)),
    };
  }

  /** The likes and super likes between the viewer and `ids`, both ways. */
  async findLikesWith(viewerId: number, ids: readonly number[]): Promise<KnownLikes> {
    // Raw: one statement for both directions with an array parameter (up to 1,000 ids a batch).
    const rows: { actor_id: number; target_id: number }[] = await this.ds.query(
      `SELECT actor_id, target_id FROM interactions
        WHERE type IN ${POSITIVE_TYPES_SQL} AND ((target_id = $1 AND actor_id = ANY($2::int[])) OR (actor_id = $1 AND target_id = ANY($2::int[])))`,
      [viewerId, ids],
    );
    return {
      liked_viewer: rows.filter((l) => l.target_id === viewerId).map((l) => l.actor_id),
      liked_by_viewer: rows.filter((l) => l.actor_id === viewerId).map((l) => l.target_id),
    };
  }
}

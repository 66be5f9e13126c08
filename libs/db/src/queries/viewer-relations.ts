/**
 * A viewer's history as the hard rules and the reciprocal arm need it, read when
 * candidate-service does not hold it yet (apps/candidate-service/src/history).
 */
import type { Liker, ViewerHistoryRecord } from '@app/ml/candidates';
import type { PreparedQuery } from './prepared';

/**
 * Everything of the viewer's history that generation needs, in one query over two indexes:
 * what they did (every swipe and block: all excluded), and what was done to them (likes, for
 * the reciprocal arm; blocks, excluded).
 */
export const RELATIONS_SQL = `
  SELECT target_id AS id, type, created_at, true AS mine FROM interactions WHERE actor_id = $1
  UNION ALL
  SELECT actor_id, type, created_at, false FROM interactions WHERE target_id = $1 AND type IN ('like', 'super_like', 'block')`;

/** RELATIONS_SQL as a named prepared statement (it runs on every recommendation). */
export const RELATIONS_QUERY: PreparedQuery = { name: 'viewer-relations-v1', text: RELATIONS_SQL };

export interface RelationRow {
  id: number;
  type: 'like' | 'super_like' | 'dislike' | 'block';
  created_at: Date | string;
  mine: boolean;
}

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

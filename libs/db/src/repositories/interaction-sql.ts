/** SQL fragments the interaction reads share (matches, timelines, recommendations). */

/** Likes and super likes count as interest. */
export const POSITIVE_TYPES_SQL = `('like', 'super_like')`;

/** SQL: true when a block exists between `user` and `other` (SQL expressions) in either direction. */
export const blockedEitherWay = (user: string, other: string): string =>
  `EXISTS (SELECT 1 FROM interactions bx WHERE bx.type = 'block' AND ((bx.actor_id = ${user} AND bx.target_id = ${other}) OR (bx.actor_id = ${other} AND bx.target_id = ${user})))`;

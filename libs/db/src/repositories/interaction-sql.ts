/** SQL fragments the interaction reads share (matches, timelines, recommendations). */
import type { InteractionType } from '@app/contracts';

/** Likes and super likes count as interest. */
export const POSITIVE_TYPES_SQL = `('like', 'super_like')`;

/** SQL: true when a block exists between `user` and `other` (SQL expressions) in either direction. */
export const blockedEitherWay = (user: string, other: string): string =>
  `EXISTS (SELECT 1 FROM interactions bx WHERE bx.type = 'block' AND ((bx.actor_id = ${user} AND bx.target_id = ${other}) OR (bx.actor_id = ${other} AND bx.target_id = ${user})))`;

/**
 * What of a user's interactions a reader may see (SECURITY.md): `all` for an admin; a person's
 * own view otherwise, which shows what they did and, of what others did to them, only the
 * `receivedTypes` the policy reveals, and nothing from anyone in a block with them.
 */
export type InteractionVisibility = { kind: 'all' } | { kind: 'own'; receivedTypes: readonly InteractionType[] };

/**
 * SQL: true when row `i` (alias) received by `user` may be shown to them; `types` is the SQL
 * parameter holding the revealed types (text[]).
 */
export const receivedVisible = (i: string, user: string, types: string): string =>
  `${i}.type = ANY(${types}::text[]) AND NOT ${blockedEitherWay(user, `${i}.actor_id`)}`;

/**
 * SQL: true when row `i` given by `user` is shown in their own lists: their blocks, and their
 * swipes on anyone they have not blocked since. Whether the other person blocked them never
 * hides their own swipe: its vanishing would tell them.
 */
export const givenVisible = (i: string, user: string): string =>
  `(${i}.type = 'block' OR NOT EXISTS (SELECT 1 FROM interactions gx WHERE gx.type = 'block' AND gx.actor_id = ${user} AND gx.target_id = ${i}.target_id))`;

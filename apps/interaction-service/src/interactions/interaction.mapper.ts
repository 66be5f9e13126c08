import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError, type CountsByType, type CreateInteractionInput, type InteractionView } from '@app/contracts';
import { SWIPE_TYPES } from '@app/contracts';

/** A raw `interactions` row as returned by SQL (snake_case, bigint id as string). */
export interface InteractionRow {
  id: string | number;
  actor_id: number;
  target_id: number;
  type: InteractionView['interaction_type'];
  context: Record<string, unknown> | null;
  created_at: Date;
}

/** The API shape of an interaction row. */
export function toInteractionView(r: InteractionRow): InteractionView {
  return {
    id: Number(r.id),
    user_id: r.actor_id,
    target_user_id: r.target_id,
    interaction_type: r.type,
    context: r.context,
    created_at: r.created_at.toISOString(),
  };
}

/** Zero counts for every interaction type. */
export function emptyCounts(): CountsByType {
  return Object.fromEntries(SWIPE_TYPES.map((t) => [t, 0])) as CountsByType;
}

/** Fingerprint of what a POST asked for, to tell a retry from a reused Idempotency-Key. */
export function requestHash(input: CreateInteractionInput): string {
  const canonical = JSON.stringify([input.user_id, input.target_user_id, input.interaction_type, input.context ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Likes and super likes count as interest. */
export const POSITIVE_TYPES_SQL = `('like', 'super_like')`;

/** SQL: true when a block exists between $user and the column `other` in either direction. */
export const blockedEitherWay = (user: string, other: string): string =>
  `EXISTS (SELECT 1 FROM interactions bx WHERE bx.type = 'block' AND ((bx.actor_id = ${user} AND bx.target_id = ${other}) OR (bx.actor_id = ${other} AND bx.target_id = ${user})))`;

/** Throws NOT_FOUND naming the first of `ids` that is not a user. */
export async function assertUsersExist(m: EntityManager, ids: number[]): Promise<void> {
  const rows: { id: number }[] = await m.query(`SELECT id FROM users WHERE id = ANY($1)`, [ids]);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw DomainError.notFound('user', missing);
}

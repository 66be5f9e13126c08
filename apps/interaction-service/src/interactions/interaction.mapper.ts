import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError, type CountsByType, type CreateInteractionInput } from '@app/contracts';
import { SWIPE_TYPES } from '@app/contracts';
import type { UsersRepository } from '@app/db';

/** Zero counts for every interaction type. */
export function emptyCounts(): CountsByType {
  return Object.fromEntries(SWIPE_TYPES.map((t) => [t, 0])) as CountsByType;
}

/** Fingerprint of what a POST asked for, to tell a retry from a reused Idempotency-Key. */
export function requestHash(input: CreateInteractionInput): string {
  const canonical = JSON.stringify([
    input.user_id,
    input.target_user_id,
    input.interaction_type,
    input.context ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Throws NOT_FOUND naming the first of `ids` that is not a user (inside `m`'s transaction when given). */
export async function assertUsersExist(users: UsersRepository, ids: number[], m?: EntityManager): Promise<void> {
  const found = await users.findExistingIds(ids, m);
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw DomainError.notFound('user', missing);
}

/**
 * Impressions have no foreign keys (migration ImpressionsWithoutForeignKeys1764170000000: they
 * were 60% of the cost of every row). Instead, the two writers that could leave a row naming a
 * deleted user take one advisory lock, in transaction scope:
 * - the ranking service's batch insert takes it shared, then inserts only rows whose users
 *   exist (the insert's own snapshot is taken after the lock is granted);
 * - deleting a user takes it exclusive, then deletes that user's impressions.
 * So a batch either commits before the deletion looks (and its rows are deleted with the
 * user) or starts looking after the deletion committed (and skips the user's rows). Batches
 * run a few times a second and deletions are rare, so neither waits noticeably.
 */
import type { EntityManager } from 'typeorm';

/** Any constant unique among the project's advisory locks: "impr" in ASCII. */
export const IMPRESSIONS_LOCK_KEY = 0x696d7072;

/** Inside the batch insert's transaction, before the insert. */
export async function lockImpressionsForInsert(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock_shared($1)', [IMPRESSIONS_LOCK_KEY]);
}

/** Inside the user's deletion transaction: removes every impression naming them; returns how many. */
export async function deleteImpressionsOf(m: EntityManager, userId: number): Promise<number> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [IMPRESSIONS_LOCK_KEY]);
  const [, deleted] = (await m.query('DELETE FROM impressions WHERE viewer_id = $1 OR candidate_id = $1', [userId])) as [unknown, number];
  return deleted;
}

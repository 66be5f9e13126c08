/**
 * The interaction service's privacy rules (SECURITY.md), all in one place: every read a user
 * can make goes through these, by the caller's role. Pure, so each rule is unit-tested.
 *
 * The invariant: what B did to A that A may not see (a dislike, a block, a like when likes are
 * not revealed) leaves A's view exactly as if B had done nothing.
 */
import type { Disclosure } from '@app/common';
import type { CountsByType, MutualInteraction } from '@app/contracts';
import { isPositiveSwipe } from '@app/contracts';
import type { InteractionRow, InteractionVisibility } from '@app/db';
import { toInteractionView } from '@app/db/repositories/interactions.repository';
import { emptyCounts } from '../interactions/interaction.mapper';

/** Which of a user's interactions the repositories return to this caller. */
export function visibilityFor(d: Disclosure): InteractionVisibility {
  return d.role === 'admin' ? { kind: 'all' } : { kind: 'own', receivedTypes: d.receivedTypes };
}

/** Received counts with exactly the types the caller may see (zeros included), the rest absent. */
export function receivedCounts(d: Disclosure): Partial<CountsByType> {
  const all = emptyCounts();
  return Object.fromEntries(d.receivedTypes.map((t) => [t, all[t]])) as Partial<CountsByType>;
}

/** Likes among swipes received: an admin's figure only (to a user it would reveal the dislikes). */
export function receivedLikeRate(d: Disclosure, received: Partial<CountsByType>): number | null {
  if (d.role !== 'admin') return null;
  const likes = (received.like ?? 0) + (received.super_like ?? 0);
  const swipes = likes + (received.dislike ?? 0);
  return swipes === 0 ? 0 : Math.round((likes / swipes) * 10_000) / 10_000;
}

/**
 * Each side's swipe between `userId` and `targetId` from every interaction between them, as the
 * caller may see it. An admin sees both swipes; a user sees their own, and the other's only if
 * it is a like they may see (revealed, or a match) and no block stands either way.
 */
export function mutualView(
  d: Disclosure,
  userId: number,
  targetId: number,
  rows: readonly InteractionRow[],
): MutualInteraction {
  const swipe = (a: number, b: number) =>
    rows.find((r) => r.actor_id === a && r.target_id === b && r.type !== 'block') ?? null;
  const blockedBy = (a: number) => rows.some((r) => r.type === 'block' && r.actor_id === a);
  const liked = (r: InteractionRow | null) => r !== null && isPositiveSwipe(r.type);
  const anyBlock = blockedBy(userId) || blockedBy(targetId);
  const mine = swipe(userId, targetId);
  const actual = swipe(targetId, userId);
  const isMatch = !anyBlock && liked(mine) && liked(actual);
  const theirs =
    d.role === 'admin' || (!anyBlock && liked(actual) && (d.revealsReceivedLikes || isMatch)) ? actual : null;
  return {
    user_id: userId,
    target_user_id: targetId,
    user_liked: liked(mine),
    target_liked: liked(theirs),
    is_match: isMatch,
    blocked: blockedBy(userId),
    user_interaction: mine ? toInteractionView(mine) : null,
    target_interaction: theirs ? toInteractionView(theirs) : null,
  };
}

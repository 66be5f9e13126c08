import type { Disclosure } from '@app/common';
import type { InteractionType } from '@app/contracts';
import type { InteractionRow } from '@app/db';
import { mutualView, receivedCounts, receivedLikeRate, visibilityFor } from './interaction-disclosure';

const ADMIN: Disclosure = {
  role: 'admin',
  revealsReceivedLikes: true,
  receivedTypes: ['like', 'super_like', 'dislike', 'block'],
};
const USER: Disclosure = { role: 'user', revealsReceivedLikes: true, receivedTypes: ['like', 'super_like'] };
const USER_NO_LIKES: Disclosure = { role: 'user', revealsReceivedLikes: false, receivedTypes: [] };
const ME = 1;
const THEM = 2;
let nextId = 1;
const row = (actor: number, target: number, type: InteractionType): InteractionRow => ({
  id: nextId++,
  actor_id: actor,
  target_id: target,
  type,
  context: null,
  created_at: new Date('2026-12-01T10:00:00Z'),
});
/** mutualView without the interaction ids and times, which differ between the cases compared. */
const seen = (d: Disclosure, rows: InteractionRow[]) => {
  const v = mutualView(d, ME, THEM, rows);
  const strip = (i: typeof v.user_interaction) => i && { type: i.interaction_type, by: i.user_id };
  return { ...v, user_interaction: strip(v.user_interaction), target_interaction: strip(v.target_interaction) };
};

describe('what a person sees of the other side of a pair (mutual)', () => {
  it('looks as if they did nothing when they disliked or blocked me, before or after my swipe', () => {
    for (const mine of [[], [row(ME, THEM, 'like')], [row(ME, THEM, 'dislike')]]) {
      const nothing = seen(USER, mine);
      expect(seen(USER, [...mine, row(THEM, ME, 'dislike')])).toEqual(nothing);
      expect(seen(USER, [...mine, row(THEM, ME, 'block')])).toEqual(nothing);
      expect(seen(USER, [...mine, row(THEM, ME, 'like'), row(THEM, ME, 'block')])).toEqual(nothing);
    }
  });

  it('shows their like when likes are revealed, or once it is a match; never otherwise', () => {
    expect(seen(USER, [row(THEM, ME, 'like')])).toMatchObject({ target_liked: true, is_match: false });
    expect(seen(USER_NO_LIKES, [row(THEM, ME, 'like')])).toEqual(seen(USER_NO_LIKES, []));
    const matched = seen(USER_NO_LIKES, [row(ME, THEM, 'super_like'), row(THEM, ME, 'like')]);
    expect(matched).toMatchObject({ user_liked: true, target_liked: true, is_match: true });
  });

  it('tells me my own block; an admin sees both sides', () => {
    expect(seen(USER, [row(ME, THEM, 'block')]).blocked).toBe(true);
    const admin = seen(ADMIN, [row(THEM, ME, 'dislike'), row(THEM, ME, 'block')]);
    expect(admin.target_interaction).toEqual({ type: 'dislike', by: THEM });
  });
});

describe('received counts and visibility', () => {
  it('give a user only the revealed types and no received like rate; an admin everything', () => {
    expect(receivedCounts(USER)).toEqual({ like: 0, super_like: 0 });
    expect(receivedCounts(USER_NO_LIKES)).toEqual({});
    expect(receivedCounts(ADMIN)).toEqual({ like: 0, super_like: 0, dislike: 0, block: 0 });
    expect(receivedLikeRate(USER, { like: 3 })).toBeNull();
    expect(receivedLikeRate(ADMIN, { like: 3, super_like: 1, dislike: 4, block: 9 })).toBe(0.5);
    expect(visibilityFor(ADMIN)).toEqual({ kind: 'all' });
    expect(visibilityFor(USER_NO_LIKES)).toEqual({ kind: 'own', receivedTypes: [] });
  });
});

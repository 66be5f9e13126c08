import type { EventPayload } from '@app/contracts';
import { counterUpdates } from './counter-updates';

const event = (
  type: 'like' | 'super_like' | 'dislike' | 'block',
  is_match = false,
  id = 7,
): EventPayload<'events.interaction.created'> => ({
  interaction: {
    id,
    user_id: 1,
    target_user_id: 2,
    interaction_type: type,
    context: null,
    created_at: '2026-11-26T10:00:00.000Z',
  },
  is_match,
});
const TS = Date.parse('2026-11-26T10:00:00.000Z');

describe('counterUpdates', () => {
  it('counts a like as given by the actor and received by the target', () => {
    expect(counterUpdates(event('like'))).toEqual([
      { user: 1, counter: 'swipes_given', member: '7', ts: TS },
      { user: 1, counter: 'likes_given', member: '7', ts: TS },
      { user: 2, counter: 'likes_received', member: '7', ts: TS },
    ]);
  });

  it('counts super likes as likes; a dislike or a block only as a swipe given, never as received in real time', () => {
    expect(counterUpdates(event('super_like')).map((u) => u.counter)).toEqual([
      'swipes_given',
      'likes_given',
      'likes_received',
    ]);
    for (const t of ['dislike', 'block'] as const) {
      expect(counterUpdates(event(t)).map((u) => `${u.user}:${u.counter}`)).toEqual(['1:swipes_given']);
    }
  });

  it('gives both people a match when the swipe completes one', () => {
    const matches = counterUpdates(event('like', true)).filter((u) => u.counter === 'matches');
    expect(matches.map((u) => u.user)).toEqual([1, 2]);
  });

  it('names every increment by the interaction id, so a redelivery repeats the same members', () => {
    expect(counterUpdates(event('like', false, 99)).every((u) => u.member === '99')).toBe(true);
    expect(counterUpdates(event('like'))).toEqual(counterUpdates(event('like')));
  });

  it('refuses an event without a valid time', () => {
    const bad = event('like');
    bad.interaction.created_at = 'yesterday';
    expect(() => counterUpdates(bad)).toThrow(/invalid created_at/);
  });
});

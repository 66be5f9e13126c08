import type { AggregateRow } from '@app/db';
import { EMPTY_AGGREGATES } from '@app/ml/features/aggregates';
import { mergeAggregates, storedAggregates } from './feature-rows';

const read: AggregateRow = {
  user_id: 5,
  likes_given: 10,
  dislikes_given: 30,
  likes_received: 4,
  dislikes_received: 6,
  matches: 2,
  last_swipe_at: new Date('2026-11-20T00:00:00Z'),
  computed_at: new Date('2026-11-25T00:00:00Z'),
};
const row = storedAggregates(read);
const recent = {
  likes_given: 1,
  swipes_given: 3,
  likes_received: 2,
  matches: 1,
  last_swipe_ms: Date.parse('2026-11-26T00:00:00Z'),
};

describe('storedAggregates', () => {
  it('keeps the counts and turns the times into epoch ms', () => {
    expect(row).toEqual({
      likes_given: 10,
      dislikes_given: 30,
      likes_received: 4,
      dislikes_received: 6,
      matches: 2,
      last_swipe_ms: Date.parse('2026-11-20T00:00:00Z'),
      computed_ms: Date.parse('2026-11-25T00:00:00Z'),
    });
    expect(storedAggregates({ ...read, last_swipe_at: null }).last_swipe_ms).toBeNull();
  });
});

describe('mergeAggregates', () => {
  it('adds the events after the stored baseline to it', () => {
    expect(mergeAggregates(row, recent)).toEqual({
      likesGiven: 11,
      swipesGiven: 43,
      likesReceived: 6,
      dislikesReceived: 6,
      // The appeal rate's likes stay at the baseline's, as its dislikes do.
      likesReceivedSettled: 4,
      matches: 3,
      lastActiveMs: Date.parse('2026-11-26T00:00:00Z'),
    });
  });

  it('is all baseline without recent events, and all real-time without a baseline', () => {
    expect(mergeAggregates(row, undefined)).toMatchObject({
      likesGiven: 10,
      swipesGiven: 40,
      lastActiveMs: Date.parse('2026-11-20T00:00:00Z'),
    });
    expect(mergeAggregates(undefined, recent)).toMatchObject({ likesGiven: 1, swipesGiven: 3, matches: 1 });
    expect(mergeAggregates(undefined, undefined)).toEqual(EMPTY_AGGREGATES);
  });

  it('keeps the later of the two last-swipe times', () => {
    const older = { ...recent, last_swipe_ms: Date.parse('2026-11-01T00:00:00Z') };
    expect(mergeAggregates(row, older).lastActiveMs).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(
      mergeAggregates(storedAggregates({ ...read, last_swipe_at: null }), { ...recent, last_swipe_ms: null })
        .lastActiveMs,
    ).toBeNull();
  });
});

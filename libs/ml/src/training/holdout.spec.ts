import { planHoldout, upperBound } from './holdout';

describe('planHoldout', () => {
  const ts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('with no active version, holds out the most recent fraction of everything, strictly after the cut', () => {
    expect(planHoldout(ts, 0.2, null)).toEqual({
      cutoffMs: 8,
      heldOut: 2,
      newEvents: 10,
      newBeforeSlice: 8,
      basis: 'all',
    });
  });

  it('keeps tied timestamps on the training side', () => {
    expect(planHoldout([1, 2, 3, 3, 3], 0.4, null)).toMatchObject({ cutoffMs: 3, heldOut: 0 });
  });

  it('cuts inside the data the active version never saw, so the candidate has seen the first part of it', () => {
    // Active trained up to 5: five new events, the latest two (0.4 of them) held out; the candidate
    // trains on 1..8, of which 6..8 the active version never saw.
    expect(planHoldout(ts, 0.4, 5)).toEqual({ cutoffMs: 8, heldOut: 2, newEvents: 5, newBeforeSlice: 3, basis: 'new' });
    // The fraction is of the new events, not of all: 0.2 of ten new is two, 0.2 of five is one.
    expect(planHoldout(ts, 0.2, 0)).toMatchObject({ cutoffMs: 8, heldOut: 2, newBeforeSlice: 8 });
    expect(planHoldout(ts, 0.2, 5)).toMatchObject({ cutoffMs: 9, heldOut: 1, newBeforeSlice: 4 });
  });

  it('never holds out anything the active version saw, and says when there is nothing new', () => {
    // One new event: it is the whole slice, and the cut is the active version's own.
    expect(planHoldout(ts, 0.2, 9)).toEqual({ cutoffMs: 9, heldOut: 1, newEvents: 1, newBeforeSlice: 0, basis: 'new' });
    expect(planHoldout(ts, 0.2, 10)).toEqual({
      cutoffMs: 10,
      heldOut: 0,
      newEvents: 0,
      newBeforeSlice: 0,
      basis: 'new',
    });
    expect(planHoldout(ts, 0.2, 99)).toMatchObject({ heldOut: 0, newEvents: 0 });
  });

  it('returns null without events, and upperBound finds the first later element', () => {
    expect(planHoldout([], 0.1, null)).toBeNull();
    expect(upperBound([1, 2, 2, 3], 2)).toBe(3);
    expect(upperBound([1, 2, 2, 3], 0)).toBe(0);
  });
});

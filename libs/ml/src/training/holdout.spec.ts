import { planHoldout, upperBound } from './holdout';

describe('planHoldout', () => {
  const ts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('holds out the most recent fraction, strictly after the cut', () => {
    expect(planHoldout(ts, 0.2, null)).toEqual({ cutoffMs: 8, heldOut: 2, basis: 'fraction' });
  });

  it('keeps tied timestamps on the training side', () => {
    expect(planHoldout([1, 2, 3, 3, 3], 0.4, null)).toEqual({ cutoffMs: 3, heldOut: 0, basis: 'fraction' });
  });

  it('starts after the active version data when it has seen past the fraction cut', () => {
    expect(planHoldout(ts, 0.5, 9)).toEqual({ cutoffMs: 9, heldOut: 1, basis: 'after-active' });
    expect(planHoldout(ts, 0.5, 2)).toEqual({ cutoffMs: 5, heldOut: 5, basis: 'fraction' });
  });

  it('returns null without events, and upperBound finds the first later element', () => {
    expect(planHoldout([], 0.1, null)).toBeNull();
    expect(upperBound([1, 2, 2, 3], 2)).toBe(3);
    expect(upperBound([1, 2, 2, 3], 0)).toBe(0);
  });
});

import {
  EXPOSURE_HALF,
  freshScore,
  newness,
  NEWNESS_HALF_LIFE_DAYS,
  popularityScore,
  underExposure,
} from './exploration-score';

const now = Date.parse('2025-01-31T00:00:00Z');
const daysAgo = (d: number) => now - d * 86_400_000;

describe('exploration scores', () => {
  it('halves newness every half-life and never exceeds 1', () => {
    expect(newness(now, now)).toBe(1);
    expect(newness(daysAgo(NEWNESS_HALF_LIFE_DAYS), now)).toBeCloseTo(0.5, 10);
    expect(newness(daysAgo(2 * NEWNESS_HALF_LIFE_DAYS), now)).toBeCloseTo(0.25, 10);
    expect(newness(now + 1000, now)).toBe(1);
  });

  it('favours the rarely shown', () => {
    expect(underExposure(0)).toBe(1);
    expect(underExposure(EXPOSURE_HALF)).toBe(0.5);
    expect(underExposure(1000)).toBeLessThan(0.01);
  });

  it('ranks a new unseen profile above an old one and above a new, much shown one', () => {
    const fresh = freshScore(daysAgo(1), 0, now);
    expect(fresh).toBeGreaterThan(freshScore(daysAgo(60), 0, now));
    expect(fresh).toBeGreaterThan(freshScore(daysAgo(1), 200, now));
    expect(freshScore(now, 0, now)).toBe(1);
  });

  it('scales popularity to the most liked person', () => {
    expect(popularityScore(50, 200)).toBe(0.25);
    expect(popularityScore(5, 0)).toBe(0);
  });
});

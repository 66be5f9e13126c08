import { eligibilityFilters, kOf, SIMILAR_DEFAULT_LIMIT, similarLimitOf } from './request-options';

describe('candidate request options', () => {
  it('default k and the similar limit when absent', () => {
    expect(kOf(undefined, 100)).toBe(100);
    expect(kOf(null, 100)).toBe(100);
    expect(kOf(500, 100)).toBe(500);
    expect(similarLimitOf(undefined)).toBe(SIMILAR_DEFAULT_LIMIT);
    expect(similarLimitOf(7)).toBe(7);
  });

  it('map filters to the eligibility form, the interest as stored', () => {
    expect(eligibilityFilters(undefined)).toEqual({});
    expect(eligibilityFilters({ min_age: 20, max_age: 30, max_distance_km: 12.5, interest: '  Hiking ' })).toEqual({
      minAge: 20,
      maxAge: 30,
      maxDistanceKm: 12.5,
      interest: 'hiking',
    });
  });
});

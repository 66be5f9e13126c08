import { DomainError, ErrorCode } from '@app/contracts';
import { parseFilters, parseK, parseLimit, parseUserId, SIMILAR_DEFAULT_LIMIT } from './request-validation';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.ValidationFailed);
    return (err as DomainError).details?.[0]?.field;
  }
  return undefined;
}

describe('candidate request validation', () => {
  it('defaults k and allows up to 500', () => {
    expect(parseK(undefined, 100)).toBe(100);
    expect(parseK(500, 100)).toBe(500);
    expect(fieldOf(() => parseK(501, 100))).toBe('k');
    expect(fieldOf(() => parseK(0, 100))).toBe('k');
    expect(fieldOf(() => parseK(2.5, 100))).toBe('k');
  });

  it('checks user ids and similar limits', () => {
    expect(parseUserId(42)).toBe(42);
    expect(fieldOf(() => parseUserId('42'))).toBe('user_id');
    expect(parseLimit(undefined)).toBe(SIMILAR_DEFAULT_LIMIT);
    expect(fieldOf(() => parseLimit(101))).toBe('limit');
  });

  it('normalises filters the way interests are stored', () => {
    expect(parseFilters(undefined)).toEqual({});
    expect(parseFilters({ min_age: 20, max_age: 30, max_distance_km: 12.5, interest: '  Hiking ' })).toEqual({
      minAge: 20,
      maxAge: 30,
      maxDistanceKm: 12.5,
      interest: 'hiking',
    });
  });

  it('rejects inverted ages, bad distances and empty interests', () => {
    expect(fieldOf(() => parseFilters({ min_age: 40, max_age: 30 }))).toBe('filters.min_age');
    expect(fieldOf(() => parseFilters({ max_distance_km: 0 }))).toBe('filters.max_distance_km');
    expect(fieldOf(() => parseFilters({ interest: '  ' }))).toBe('filters.interest');
    expect(fieldOf(() => parseFilters({ min_age: 17 }))).toBe('filters.min_age');
  });
});

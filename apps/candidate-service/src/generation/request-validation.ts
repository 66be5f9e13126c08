/**
 * Validation of candidates.generate / candidates.similar input. The gateway validates what
 * users send, but these subjects are also called service to service (ranking, tools), so the
 * service checks again and answers VALIDATION_FAILED instead of running a bad query.
 */
import {
  MAX_CANDIDATE_POOL,
  DomainError,
  normalizeInterest,
  SIMILAR_MAX_LIMIT,
  type CandidateFilters,
} from '@app/contracts';
import type { EligibilityFilters } from '@app/ml/candidates';

export const SIMILAR_DEFAULT_LIMIT = 20;

function int(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw DomainError.invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function parseUserId(value: unknown): number {
  return int('user_id', value, 1, 2 ** 31 - 1);
}

/** k, or the configured default when absent. */
export function parseK(value: unknown, defaultK: number): number {
  return value === undefined || value === null ? defaultK : int('k', value, 1, MAX_CANDIDATE_POOL);
}

export function parseLimit(value: unknown): number {
  return value === undefined || value === null ? SIMILAR_DEFAULT_LIMIT : int('limit', value, 1, SIMILAR_MAX_LIMIT);
}

/** Request filters in the form the eligibility predicate takes. */
export function parseFilters(filters: CandidateFilters | undefined | null): EligibilityFilters {
  if (filters === undefined || filters === null) return {};
  if (typeof filters !== 'object') throw DomainError.invalid('filters', 'must be an object');
  const out: EligibilityFilters = {};
  if (filters.min_age !== undefined) out.minAge = int('filters.min_age', filters.min_age, 18, 120);
  if (filters.max_age !== undefined) out.maxAge = int('filters.max_age', filters.max_age, 18, 120);
  if (out.minAge !== undefined && out.maxAge !== undefined && out.minAge > out.maxAge) {
    throw DomainError.invalid('filters.min_age', `must not exceed filters.max_age (${out.minAge} > ${out.maxAge})`);
  }
  if (filters.max_distance_km !== undefined) {
    const d = filters.max_distance_km;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0 || d > 20_100)
      throw DomainError.invalid('filters.max_distance_km', 'must be a number above 0 and at most 20100');
    out.maxDistanceKm = d;
  }
  if (filters.interest !== undefined) {
    // Stored interests are trimmed and lower-cased (user-service), so match the same way.
    const interest = typeof filters.interest === 'string' ? normalizeInterest(filters.interest) : '';
    if (!interest) throw DomainError.invalid('filters.interest', 'must be a non-empty string');
    out.interest = interest;
  }
  return out;
}

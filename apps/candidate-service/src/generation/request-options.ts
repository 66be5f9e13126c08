/**
 * candidates.generate / candidates.similar input in the form generation takes, with its
 * defaults. The input was checked against its schema at the service's boundary
 * (ContractValidationInterceptor, libs/common/src/validation/contracts), so this only maps.
 */
import { normalizeInterest, type CandidateFilters } from '@app/contracts';
import type { EligibilityFilters } from '@app/ml/candidates';

export const SIMILAR_DEFAULT_LIMIT = 20;

/** k, or the configured default when absent. */
export const kOf = (k: number | null | undefined, defaultK: number): number => k ?? defaultK;

/** How many similar users, or the default when absent. */
export const similarLimitOf = (limit: number | null | undefined): number => limit ?? SIMILAR_DEFAULT_LIMIT;

/** Request filters as the eligibility predicate takes them; the interest in its stored form (trimmed, lower case). */
export function eligibilityFilters(filters: CandidateFilters | null | undefined): EligibilityFilters {
  const out: EligibilityFilters = {};
  if (!filters) return out;
  if (filters.min_age != null) out.minAge = filters.min_age;
  if (filters.max_age != null) out.maxAge = filters.max_age;
  if (filters.max_distance_km != null) out.maxDistanceKm = filters.max_distance_km;
  if (filters.interest != null) out.interest = normalizeInterest(filters.interest);
  return out;
}

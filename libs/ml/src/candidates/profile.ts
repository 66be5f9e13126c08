import type { Gender } from '../types';

/**
 * What candidate generation knows about one person: the fields the hard rules, the content arm
 * and the exploration arms read. Loaded from `users` by the service, built from a market's
 * profiles offline, so both run the same rules on the same shape.
 */
export interface CandidateProfile {
  id: number;
  age: number;
  gender: Gender;
  latitude: number | null;
  longitude: number | null;
  /** Lower-cased, trimmed, as stored. */
  interests: readonly string[];
  prefGenders: readonly Gender[];
  prefAgeMin: number;
  prefAgeMax: number;
  /** null: any distance. */
  prefMaxDistanceKm: number | null;
  isActive: boolean;
  createdAtMs: number;
  /** Version of the row: an older copy (a late event) never replaces a newer one. */
  updatedAtMs: number;
}

/** Request filters after validation: interest trimmed and lower-cased like stored interests. */
export interface EligibilityFilters {
  minAge?: number;
  maxAge?: number;
  maxDistanceKm?: number;
  interest?: string;
}

/** True when the person has coordinates, which distance rules need. */
export function hasLocation(p: Pick<CandidateProfile, 'latitude' | 'longitude'>): boolean {
  return p.latitude !== null && p.longitude !== null;
}

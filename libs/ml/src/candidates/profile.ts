import type { InterestKeys } from '../features/interest-ids';
import type { Profile } from '../types';

/**
 * A profile as candidate generation holds it: the shared Profile (the same shape the features
 * and the market use), plus the row's version, so an older copy (a late event) never replaces
 * a newer one. Loaded from `users` by the service, built from a market's profiles offline.
 */
export type CandidateProfile = Profile & {
  /** epoch ms of the row's last change; 0 when unknown (offline). */
  updatedAtMs: number;
  /**
   * The normalized interests as ids of the process-wide dictionary (features' interestIds),
   * distinct, in first-seen order; set by the table when it stores the profile, so the content
   * arm and the pair features compare integers, not strings.
   */
  interestKeys?: InterestKeys;
};

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

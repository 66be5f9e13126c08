/**
 * The hard rules no score overrides, for a list the app supplies (candidate generation applies
 * the same rules to its own pools). Pure, so each rule is unit-tested.
 */
import type { RejectionReason } from '@app/contracts';
import { haversineKm } from '@app/ml/features';

export interface EligibilityUser {
  id: number;
  age: number;
  gender: string;
  latitude: number | null;
  longitude: number | null;
  pref_genders: string[];
  pref_age_min: number;
  pref_age_max: number;
  pref_max_distance_km: number | null;
  is_active: boolean;
}

/** What is known between the viewer and one candidate. */
export interface PairRelations {
  /** The viewer already liked, super liked or disliked the candidate. */
  swiped: boolean;
  /** A block in either direction. */
  blocked: boolean;
}

// Same rule as candidate generation's SQL (gender = ANY(sought)): an empty list seeks no one.
const seeks = (sought: readonly string[], gender: string): boolean => sought.includes(gender);
const inRange = (age: number, u: EligibilityUser): boolean => age >= u.pref_age_min && age <= u.pref_age_max;

/** Why `candidate` must not be shown to `viewer`, or null when it may be. The first failing rule wins. */
export function rejectionReason(viewer: EligibilityUser, candidateId: number, candidate: EligibilityUser | undefined, rel: PairRelations): RejectionReason | null {
  if (candidateId === viewer.id) return 'self';
  if (!candidate) return 'not_found';
  if (!candidate.is_active) return 'inactive';
  if (rel.blocked) return 'blocked';
  if (rel.swiped) return 'already_swiped';
  if (!seeks(viewer.pref_genders, candidate.gender) || !seeks(candidate.pref_genders, viewer.gender)) return 'gender_preference';
  if (!inRange(candidate.age, viewer) || !inRange(viewer.age, candidate)) return 'age_preference';
  if (viewer.latitude !== null && viewer.longitude !== null && candidate.latitude !== null && candidate.longitude !== null) {
    // Unknown coordinates cannot prove a distance, so they never exclude anyone.
    const km = haversineKm(viewer.latitude, viewer.longitude, candidate.latitude, candidate.longitude);
    const limits = [viewer.pref_max_distance_km, candidate.pref_max_distance_km].filter((x): x is number => x !== null);
    if (limits.some((max) => km > max)) return 'distance_preference';
  }
  return null;
}

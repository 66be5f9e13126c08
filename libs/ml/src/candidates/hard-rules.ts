/**
 * The hard rules no score overrides, as pure functions of two profiles. Candidate generation
 * runs them over its pools (ProfileTable.eligible) and ranking.rank over a list the app
 * supplies (rejectionReason), so the two cannot disagree about who may be shown.
 */
import type { RejectionReason } from '@app/contracts';
import { haversineKm } from '../features/geo';
import { type CandidateProfile, type EligibilityFilters, hasLocation } from './profile';

/** What is known between the viewer and one candidate. */
export interface PairRelations {
  /** The viewer already liked, super liked or disliked the candidate. */
  swiped: boolean;
  /** A block in either direction. */
  blocked: boolean;
}

type Person = Pick<
  CandidateProfile,
  'id' | 'age' | 'gender' | 'latitude' | 'longitude' | 'gendersSought' | 'ageMin' | 'ageMax' | 'maxDistanceKm'
>;

/** Each side seeks the other's gender; an empty list seeks no one. */
export function gendersFit(viewer: Person, c: Person): boolean {
  return viewer.gendersSought.includes(c.gender) && c.gendersSought.includes(viewer.gender);
}

/** The viewer's age range, narrowed by the request's min/max age. */
export function ageWindow(viewer: Person, filters: EligibilityFilters): [number, number] {
  return [Math.max(viewer.ageMin, filters.minAge ?? -Infinity), Math.min(viewer.ageMax, filters.maxAge ?? Infinity)];
}

/** c's age in the viewer's window, and the viewer's age in c's range. */
export function agesFit(viewer: Person, c: Person, window: readonly [number, number]): boolean {
  return c.age >= window[0] && c.age <= window[1] && viewer.age >= c.ageMin && viewer.age <= c.ageMax;
}

/** The tighter of the viewer's distance preference and the request's max_distance_km. */
export function distanceLimit(viewer: Person, filters: EligibilityFilters): number | null {
  const a = viewer.maxDistanceKm;
  const b = filters.maxDistanceKm ?? null;
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * Distance rules. Unknown coordinates cannot prove a distance, so a preference never excludes
 * anyone whose distance is unknown; but an explicit request "within X km" cannot be vouched
 * for without coordinates, so it excludes them (and needs the viewer's own location).
 */
export function distancesFit(viewer: Person, c: Person, limit: number | null, explicit: boolean): boolean {
  if (!hasLocation(viewer)) return !explicit;
  if (!hasLocation(c)) return !explicit;
  const km = haversineKm(viewer.latitude!, viewer.longitude!, c.latitude!, c.longitude!);
  if (limit !== null && km > limit) return false;
  return c.maxDistanceKm === null || km <= c.maxDistanceKm;
}

/**
 * Why `candidate` must not be shown to `viewer` (no request filters), or null when it may be. The first failing rule
 * wins.
 */
export function rejectionReason(
  viewer: Person,
  candidateId: number,
  candidate: (Person & { isActive: boolean }) | undefined,
  rel: PairRelations,
): RejectionReason | null {
  if (candidateId === viewer.id) return 'self';
  if (!candidate) return 'not_found';
  if (!candidate.isActive) return 'inactive';
  if (rel.blocked) return 'blocked';
  if (rel.swiped) return 'already_swiped';
  if (!gendersFit(viewer, candidate)) return 'gender_preference';
  if (!agesFit(viewer, candidate, ageWindow(viewer, {}))) return 'age_preference';
  if (!distancesFit(viewer, candidate, distanceLimit(viewer, {}), false)) return 'distance_preference';
  return null;
}

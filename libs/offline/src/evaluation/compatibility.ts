/**
 * Mutual preference compatibility, for the optional `--candidates compatible` mode: a dating app
 * only ever shows people who fit both sides' stated gender, age and distance preferences.
 */
import type { Profile } from '@app/ml/types';

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `who` would accept being shown `other` (gender, age, distance when both are located). */
function accepts(who: Profile, other: Profile): boolean {
  if (!who.gendersSought.includes(other.gender)) return false;
  if (other.age < who.ageMin || other.age > who.ageMax) return false;
  if (
    who.maxDistanceKm !== null &&
    who.latitude !== null &&
    who.longitude !== null &&
    other.latitude !== null &&
    other.longitude !== null
  )
    return haversineKm(who.latitude, who.longitude, other.latitude, other.longitude) <= who.maxDistanceKm;
  return true;
}

/** True when each of the two profiles fits the other's preferences. */
export function isMutuallyCompatible(a: Profile, b: Profile): boolean {
  return accepts(a, b) && accepts(b, a);
}

/**
 * Reading users as libs/ml profiles: one select list and one mapping for every service that
 * needs them (candidate generation, the feature store, ranking.rank). Plain SQL and pure
 * mapping, no Nest, so specs and tools can import it.
 */
import type { CandidateProfile } from '@app/ml/candidates';
import type { Gender } from '@app/contracts';

/** Select list of a profile; append a WHERE clause. */
export const PROFILE_SQL = `SELECT id, age, gender, latitude, longitude, interests, pref_genders, pref_age_min, pref_age_max,
  pref_max_distance_km, is_active, created_at, updated_at FROM users`;

export interface ProfileRow {
  id: number;
  age: number;
  gender: Gender;
  latitude: number | null;
  longitude: number | null;
  interests: string[];
  pref_genders: Gender[];
  pref_age_min: number;
  pref_age_max: number;
  pref_max_distance_km: number | null;
  is_active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toProfile(r: ProfileRow): CandidateProfile {
  return {
    id: r.id,
    age: r.age,
    gender: r.gender,
    latitude: r.latitude,
    longitude: r.longitude,
    interests: r.interests,
    gendersSought: r.pref_genders,
    ageMin: r.pref_age_min,
    ageMax: r.pref_age_max,
    maxDistanceKm: r.pref_max_distance_km,
    isActive: r.is_active,
    createdAt: new Date(r.created_at).getTime(),
    updatedAtMs: new Date(r.updated_at).getTime(),
    // Present from the start (ProfileTable sets it): a property added later lives in a separate
    // property array, one more heap object per profile held (100k in the services' mirrors).
    interestKeys: undefined,
  };
}

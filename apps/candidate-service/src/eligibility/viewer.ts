import type { Gender } from '@app/ml/types';

/** What candidate generation needs to know about the person asking. */
export interface Viewer {
  id: number;
  age: number;
  gender: Gender;
  latitude: number | null;
  longitude: number | null;
  interests: string[];
  prefGenders: Gender[];
  prefAgeMin: number;
  prefAgeMax: number;
  prefMaxDistanceKm: number | null;
  /** Swipes given (blocks excluded): zero makes the viewer a cold start. */
  swipes: number;
}

/** The viewer row, read with the count that decides cold start. */
export const VIEWER_SQL = `
  SELECT u.id, u.age, u.gender, u.latitude, u.longitude, u.interests, u.pref_genders, u.pref_age_min,
         u.pref_age_max, u.pref_max_distance_km,
         (SELECT count(*)::int FROM interactions i WHERE i.actor_id = u.id AND i.type <> 'block') AS swipes
  FROM users u WHERE u.id = $1`;

interface ViewerRow {
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
  swipes: number;
}

export function toViewer(row: ViewerRow): Viewer {
  return {
    id: row.id,
    age: row.age,
    gender: row.gender,
    latitude: row.latitude,
    longitude: row.longitude,
    interests: row.interests,
    prefGenders: row.pref_genders,
    prefAgeMin: row.pref_age_min,
    prefAgeMax: row.pref_age_max,
    prefMaxDistanceKm: row.pref_max_distance_km,
    swipes: row.swipes,
  };
}

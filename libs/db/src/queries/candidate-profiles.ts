/**
 * Reading users as candidate-generation profiles (libs/ml/candidates), and a viewer's history
 * as the relations the hard rules need. Plain SQL and pure mapping, no Nest, so the services
 * and the tools share them.
 */
import type { CandidateProfile, Liker, ViewerRelations } from '@app/ml/candidates';
import type { Gender } from '@app/ml/types';

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

export function toCandidateProfile(r: ProfileRow): CandidateProfile {
  return {
    id: r.id,
    age: r.age,
    gender: r.gender,
    latitude: r.latitude,
    longitude: r.longitude,
    interests: r.interests,
    prefGenders: r.pref_genders,
    prefAgeMin: r.pref_age_min,
    prefAgeMax: r.pref_age_max,
    prefMaxDistanceKm: r.pref_max_distance_km,
    isActive: r.is_active,
    createdAtMs: new Date(r.created_at).getTime(),
    updatedAtMs: new Date(r.updated_at).getTime(),
  };
}

/**
 * Everything of the viewer's history that generation needs, in one query over two indexes:
 * what they did (every swipe and block: all excluded), and what was done to them (likes, for
 * the reciprocal arm; blocks, excluded).
 */
export const RELATIONS_SQL = `
  SELECT target_id AS id, type, created_at, true AS mine FROM interactions WHERE actor_id = $1
  UNION ALL
  SELECT actor_id, type, created_at, false FROM interactions WHERE target_id = $1 AND type IN ('like', 'super_like', 'block')`;

export interface RelationRow {
  id: number;
  type: 'like' | 'super_like' | 'dislike' | 'block';
  created_at: Date | string;
  mine: boolean;
}

export function toRelations(rows: readonly RelationRow[]): ViewerRelations {
  const excluded = new Set<number>();
  const likers: Liker[] = [];
  let swipes = 0;
  for (const r of rows) {
    if (r.mine) {
      excluded.add(r.id);
      if (r.type !== 'block') swipes++;
    } else if (r.type === 'block') excluded.add(r.id);
    else likers.push({ id: r.id, superLike: r.type === 'super_like', atMs: new Date(r.created_at).getTime() });
  }
  return { excluded, likers, swipes };
}

/**
 * Rows of the feature store as PostgreSQL returns them, and their conversion into the plain
 * types of libs/ml. Pure, so the merge of stored aggregates with real-time counts is unit-tested.
 */
import type { UserAggregates } from '@app/ml/features';
import type { Gender, Profile } from '@app/ml/types';
import type { CounterCounts } from '../counters/realtime-counters';

export interface UserRow {
  id: number;
  age: number;
  gender: Gender;
  interests: string[];
  latitude: number | null;
  longitude: number | null;
  pref_genders: Gender[];
  pref_age_min: number;
  pref_age_max: number;
  pref_max_distance_km: number | null;
  is_active: boolean;
  created_at: Date;
}

/** A user_aggregates row: counts as of `computed_at`. */
export interface AggregateRow {
  user_id: number;
  likes_given: number;
  /** Dislikes and blocks given. */
  dislikes_given: number;
  likes_received: number;
  dislikes_received: number;
  matches: number;
  last_swipe_at: Date | null;
  computed_at: Date;
}

export const USER_COLUMNS =
  'id, age, gender, interests, latitude, longitude, pref_genders, pref_age_min, pref_age_max, pref_max_distance_km, is_active, created_at';

export function toProfile(r: UserRow): Profile {
  return {
    id: r.id,
    age: r.age,
    gender: r.gender,
    gendersSought: r.pref_genders,
    ageMin: r.pref_age_min,
    ageMax: r.pref_age_max,
    latitude: r.latitude,
    longitude: r.longitude,
    maxDistanceKm: r.pref_max_distance_km,
    interests: r.interests,
    createdAt: r.created_at.getTime(),
    isActive: r.is_active,
  };
}

/**
 * The stored baseline plus the events after it. A user without a row (new, or aggregates never
 * computed) is all real-time; one without recent events is all baseline.
 */
export function mergeAggregates(row: AggregateRow | undefined, recent: CounterCounts | undefined): UserAggregates {
  const rt = recent ?? { likes_given: 0, swipes_given: 0, likes_received: 0, dislikes_received: 0, matches: 0, last_swipe_ms: null };
  const baseLast = row?.last_swipe_at ? row.last_swipe_at.getTime() : null;
  const lastActiveMs = baseLast === null ? rt.last_swipe_ms : rt.last_swipe_ms === null ? baseLast : Math.max(baseLast, rt.last_swipe_ms);
  return {
    likesGiven: (row?.likes_given ?? 0) + rt.likes_given,
    swipesGiven: (row ? row.likes_given + row.dislikes_given : 0) + rt.swipes_given,
    likesReceived: (row?.likes_received ?? 0) + rt.likes_received,
    dislikesReceived: (row?.dislikes_received ?? 0) + rt.dislikes_received,
    matches: (row?.matches ?? 0) + rt.matches,
    lastActiveMs,
  };
}

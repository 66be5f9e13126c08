import type { Gender } from '../domain';

/** Partner preferences of a user, as on the wire (snake_case). */
export interface UserPreferences {
  /** Genders this user wants to see; defaults to every gender. */
  genders: Gender[];
  /** Inclusive age range sought; defaults to 18..99. */
  age_min: number;
  age_max: number;
  /** Maximum distance in km; null means any distance. */
  max_distance_km: number | null;
}

/** A user profile as the API returns it and as `users.jsonl` stores it. */
export interface UserView {
  id: number;
  name: string;
  age: number;
  gender: Gender;
  location: string | null;
  bio: string | null;
  interests: string[];
  latitude: number | null;
  longitude: number | null;
  preferences: UserPreferences;
  is_active: boolean;
  last_active_at: string | null;
  created_at: string;
  updated_at: string;
}

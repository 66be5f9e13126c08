/**
 * Plain data types shared by the ML code (training, ranking, ANN, evaluation, market generator).
 * No Nest, no TypeORM: everything here is usable offline and in the services alike.
 */

/** The four swipe kinds, as they appear on the API and in interaction CSV files. */
export const SWIPE_TYPES = ['like', 'super_like', 'dislike', 'block'] as const;
export type SwipeType = (typeof SWIPE_TYPES)[number];

/** True for the swipe kinds that express interest. */
export const isPositiveSwipe = (t: SwipeType): boolean => t === 'like' || t === 'super_like';

/** One swipe by `actor` on `target` at epoch milliseconds `ts` (ids are user ids). */
export interface Swipe {
  actor: number;
  target: number;
  type: SwipeType;
  ts: number;
}

export const GENDERS = ['female', 'male', 'non_binary'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * What the ML code needs to know of a profile: the same fields as the API's user shape
 * (see libs/contracts), flattened and camel-cased.
 */
export interface Profile {
  id: number;
  age: number;
  gender: Gender;
  /** Genders this person wants to be shown. */
  gendersSought: Gender[];
  ageMin: number;
  ageMax: number;
  latitude: number | null;
  longitude: number | null;
  /** null means "any distance". */
  maxDistanceKm: number | null;
  interests: string[];
  /** epoch ms */
  createdAt: number;
  isActive: boolean;
}

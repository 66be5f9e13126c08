/**
 * Plain data types shared by the ML code (training, ranking, ANN, evaluation, market generator).
 * No Nest, no TypeORM: everything here is usable offline and in the services alike.
 */
import type { Gender, SwipeType } from '@app/contracts';

/** One swipe by `actor` on `target` at epoch milliseconds `ts` (ids are user ids). */
export interface Swipe {
  actor: number;
  target: number;
  type: SwipeType;
  ts: number;
}

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

/**
 * The dating domain's vocabulary, shared by the API, the services, the database and the ML code.
 */

/** The four swipe kinds, as they appear on the API and in interaction CSV files. */
export const SWIPE_TYPES = ['like', 'super_like', 'dislike', 'block'] as const;
export type SwipeType = (typeof SWIPE_TYPES)[number];

/** True for the swipe kinds that express interest. */
export const isPositiveSwipe = (t: SwipeType): boolean => t === 'like' || t === 'super_like';

export const GENDERS = ['female', 'male', 'non_binary'] as const;
export type Gender = (typeof GENDERS)[number];

/** Interests compare case- and space-insensitively everywhere: the one normal form of one interest. */
export const normalizeInterest = (interest: string): string => interest.trim().toLowerCase();

/** A profile's interests as stored: normalized, without empties or repeats, in first-seen order. */
export const normalizeInterests = (interests: readonly string[]): string[] => [
  ...new Set(interests.map(normalizeInterest).filter((i) => i.length > 0)),
];

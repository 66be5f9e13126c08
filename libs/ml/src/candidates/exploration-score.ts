/**
 * Scores of the exploration arms, in 0..1. Exploration exists so that new and rarely shown
 * profiles get seen at all (otherwise a recommender that learns from exposure only ever shows
 * what it showed before), and so that a viewer we know nothing about gets safe bets.
 */

const DAY_MS = 86_400_000;
/** A profile is "new" for about two weeks: its newness halves every 7 days. */
export const NEWNESS_HALF_LIFE_DAYS = 7;
/** Exposure (times shown or swiped on) at which under-exposure reaches 1/2. */
export const EXPOSURE_HALF = 10;

/** 1 for a profile created now, 1/2 after a half-life, towards 0 for old profiles. */
export function newness(createdAt: number, nowMs: number): number {
  const days = Math.max(0, (nowMs - createdAt) / DAY_MS);
  return 0.5 ** (days / NEWNESS_HALF_LIFE_DAYS);
}

/** 1 for a never-shown profile, 1/2 at EXPOSURE_HALF, towards 0 for heavily shown ones. */
export function underExposure(exposure: number): number {
  return 1 / (1 + Math.max(0, exposure) / EXPOSURE_HALF);
}

/** The fresh arm's score: newness and under-exposure count equally. */
export function freshScore(createdAt: number, exposure: number, nowMs: number): number {
  return 0.5 * newness(createdAt, nowMs) + 0.5 * underExposure(exposure);
}

/** The popular arm's score: positive swipes received relative to the most popular person. */
export function popularityScore(likes: number, maxLikes: number): number {
  return maxLikes > 0 ? Math.min(1, Math.max(0, likes / maxLikes)) : 0;
}

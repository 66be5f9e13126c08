/**
 * The two numbers that explain most of who likes whom: how often a person says yes (their like
 * rate given: openness, the opposite of selectivity) and how often people say yes to them (their
 * like rate received: appeal). Both are Bayesian-smoothed toward the market's own like rate, so a
 * person with three swipes sits near the market rather than at 0 or 1, and enter the ranker as
 * log-odds: the bias-only model is then a logistic regression on exactly these two features
 * (libs/ml/src/ranker/bias-model.ts), and every learned ranker has them too.
 */
import type { UserAggregates } from './aggregates';

/**
 * Weight of the market's rate in a person's smoothed rate, in swipes: a person's own rate counts
 * as much as the market's after this many swipes. Ten keeps three yeses out of three at about
 * 0.55 in a market where a third of swipes are likes, rather than at 1.
 */
export const RATE_PRIOR_SWIPES = 10;

/** The market's like rate where nothing is known yet (no aggregates computed). */
export const UNKNOWN_MARKET_LIKE_RATE = 0.5;

/** The counts a person's two rates come from. */
export interface LikeRateCounts {
  likesGiven: number;
  swipesGiven: number;
  likesReceived: number;
  swipesReceived: number;
}

export const NO_LIKE_RATE_COUNTS: Readonly<LikeRateCounts> = Object.freeze({
  likesGiven: 0,
  swipesGiven: 0,
  likesReceived: 0,
  swipesReceived: 0,
});

const { log, min, max } = Math;
/** Keeps a rate's log-odds finite in a market where everyone (or no one) likes. */
const RATE_EPS = 1e-4;

/** Log-odds of `likes` out of `swipes`, smoothed toward `marketRate` with RATE_PRIOR_SWIPES. */
export function smoothedLogOdds(likes: number, swipes: number, marketRate: number): number {
  const prior = min(1 - RATE_EPS, max(RATE_EPS, marketRate));
  const p = (likes + RATE_PRIOR_SWIPES * prior) / (swipes + RATE_PRIOR_SWIPES);
  const q = min(1 - RATE_EPS, max(RATE_EPS, p));
  return log(q / (1 - q));
}

/**
 * The rate counts of stored aggregates. Appeal reads likes received as of the same computation
 * as dislikes received (`likesReceivedSettled`): dislikes are never counted in real time
 * (SECURITY.md), so real-time likes over stale dislikes would inflate everyone's appeal between
 * two computations.
 */
export function likeRateCounts(a: UserAggregates): LikeRateCounts {
  return {
    likesGiven: a.likesGiven,
    swipesGiven: a.swipesGiven,
    likesReceived: a.likesReceivedSettled,
    swipesReceived: a.likesReceivedSettled + a.dislikesReceived,
  };
}

/** The market's like rate from total likes and swipes (UNKNOWN_MARKET_LIKE_RATE when there are none). */
export function marketLikeRate(likes: number, swipes: number): number {
  return swipes > 0 ? likes / swipes : UNKNOWN_MARKET_LIKE_RATE;
}

/** The market's like rate over every person's aggregates (the feature store's snapshot, an offline replay). */
export function marketLikeRateOf(aggregates: Iterable<UserAggregates>): number {
  let likes = 0;
  let swipes = 0;
  for (const a of aggregates) {
    likes += a.likesGiven;
    swipes += a.swipesGiven;
  }
  return marketLikeRate(likes, swipes);
}

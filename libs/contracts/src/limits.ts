/**
 * Bounds shared by the API's validation and the services' own boundary checks, one place each,
 * so the gateway and a service can never disagree on them.
 */

/**
 * The most candidates gathered for one request: the largest `k` of `candidates.generate`, the
 * largest pool ranked for a page, and so the deepest a recommendation page reaches
 * (offset + limit). Deep pages cost, and no one swipes past it.
 */
export const MAX_CANDIDATE_POOL = 500;

/** The largest page of recommendations (`limit`). */
export const MAX_RECOMMENDATION_LIMIT = 100;

/** The most `candidate_ids` an app may ask `rank` to score and explain at once. */
export const MAX_RANK_CANDIDATES = 500;

/** Largest `limit` of `candidates.similar`. */
export const SIMILAR_MAX_LIMIT = 100;

/** The most records one batch request (profiles or interactions) may carry. */
export const MAX_BATCH_RECORDS = 1000;

/** The largest user id: `users.id` is a PostgreSQL `integer`. Path ids and token subjects above it are refused. */
export const MAX_USER_ID = 2_147_483_647;

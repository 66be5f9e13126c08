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

/** Ages the product accepts anywhere (the users table's CHECK constraint). */
export const MIN_AGE = 18;
export const MAX_AGE = 120;

/** The largest `limit` of any list: the ceiling of the gateway's MAX_PAGE_SIZE setting. */
export const MAX_PAGE_LIMIT = 1000;

/** The deepest `offset` of any list. */
export const MAX_PAGE_OFFSET = 10_000_000;

/** `users.search.active`: active within at most this many hours (a year). */
export const MAX_ACTIVE_WITHIN_HOURS = 8760;

/** `interactions.recent`: at most this many hours back (30 days), and this many interactions. */
export const MAX_RECENT_HOURS = 720;
export const MAX_RECENT_LIMIT = 100;

/** The most buckets one timeline holds, per granularity: a month of hours, a year of days. */
export const MAX_TIMELINE_BUCKETS = { hour: 24 * 31, day: 366 } as const;

/** `ranking.performance`: the longest window, in hours (90 days). */
export const MAX_PERFORMANCE_WINDOW_HOURS = 24 * 90;

/** The most candidates one `features.batch` may carry: more than a page ever needs; bounds one request's work. */
export const MAX_FEATURE_BATCH = 1000;

/** A training job id: digits for generated ids, or a custom id of safe characters. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9:_-]{1,100}$/;

/** An Idempotency-Key: 1 to 200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

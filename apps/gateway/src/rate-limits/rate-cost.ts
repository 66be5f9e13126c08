/**
 * What a request costs against its subject's budget (RATE_LIMIT_PER_MINUTE for a user or an
 * anonymous address, RATE_LIMIT_ADMIN_PER_MINUTE for an admin subject). A route costs 1 unless
 * it says otherwise with @RateCost; the costs follow the work a request makes the services do,
 * with one page of recommendations (about CANDIDATE_GENERATION_TOP_K = 100 candidates gathered,
 * featurised and scored both ways) as the yardstick:
 *
 * - GET .../recommendations and .../recommendations/explain: 5;
 * - GET .../similar: 2;
 * - POST .../rank: 1 per 20 `candidate_ids` (1 to 25);
 * - POST /users/batch and POST /interactions/batch: 1 per 20 records (1 to 50);
 * - any other route (a read, a swipe, a profile write, health): 1.
 *
 * Guards run before validation, so a cost reads the raw body: a list that is not a list costs 1,
 * and a list longer than the API accepts costs as much as the longest one.
 */

/** A fixed cost, or one computed from the request (its parsed, not yet validated, body). */
export type RateCostSpec = number | ((request: { body?: unknown }) => number);

/** A page of recommendations: the yardstick. */
export const RECOMMENDATIONS_COST = 5;
/** Similar users: one ANN query, no features or ranker. */
export const SIMILAR_COST = 2;
/** Items (candidates to score, records to write) per unit of cost. */
export const ITEMS_PER_UNIT = 20;

/** One unit per ITEMS_PER_UNIT entries of the body's list `field` (at least 1, counting at most `max`). */
export function perItems(field: string, max: number): (request: { body?: unknown }) => number {
  return ({ body }) => {
    const list = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    const items = Array.isArray(list) ? Math.min(list.length, max) : 0;
    return Math.max(1, Math.ceil(items / ITEMS_PER_UNIT));
  };
}

/** The cost of one request: a positive integer, 1 when the route declares none. */
export function costOf(spec: RateCostSpec | undefined, request: { body?: unknown }): number {
  const cost = typeof spec === 'function' ? spec(request) : (spec ?? 1);
  return Number.isFinite(cost) && cost >= 1 ? Math.ceil(cost) : 1;
}

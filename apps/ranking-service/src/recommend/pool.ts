/** Page bounds of the recommendation flow. The largest pool asked of candidate generation: deep pages cost, and no one swipes past it. */
export const MAX_POOL = 500;
export const MAX_LIMIT = 100;

/** How many candidates to gather for a page: enough to re-rank well (3× the page end), within bounds. */
export function poolSize(topK: number, limit: number, offset: number): number {
  return Math.min(MAX_POOL, Math.max(topK, (offset + limit) * 3));
}

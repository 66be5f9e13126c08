import { MAX_CANDIDATE_POOL } from '@app/contracts';

/** How many candidates to gather for a page: enough to re-rank well (3× the page end), within bounds. */
export function poolSize(topK: number, limit: number, offset: number): number {
  return Math.min(MAX_CANDIDATE_POOL, Math.max(topK, (offset + limit) * 3));
}

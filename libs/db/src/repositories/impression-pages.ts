/**
 * Impressions: every served list, stored as one page (`impression_pages`, read through the
 * `impressions` view as one row per shown profile). They are the weak negatives of training
 * (shown, not acted on) and the denominator of the performance report. Pure helpers of the
 * impressions repository's batch insert, unit-tested.
 */

/** One served list as the ranking service queues it for the batch insert. */
export interface ImpressionPage {
  viewer_id: number;
  /** Parallel arrays, one element per shown profile, in the order shown. */
  candidate_ids: number[];
  positions: number[];
  scores: number[];
  p_like: number[];
  p_liked_back: number[];
  sources: string[][];
  model_versions: Record<string, number | null>;
  request_id: string | null;
  /** When the list was served (epoch ms), not when the page is written: a swipe right after must come after it. */
  served_at_ms: number;
}

/**
 * The page without the profiles of `gone` (users deleted since it was served), or null when
 * its viewer is gone or no one is left. The parallel arrays stay aligned.
 */
export function withoutUsers(page: ImpressionPage, gone: ReadonlySet<number>): ImpressionPage | null {
  if (gone.has(page.viewer_id)) return null;
  const keep = page.candidate_ids.map((id, i) => (gone.has(id) ? -1 : i)).filter((i) => i >= 0);
  if (keep.length === page.candidate_ids.length) return page;
  if (keep.length === 0) return null;
  const pick = <T>(xs: readonly T[]): T[] => keep.map((i) => xs[i]);
  return {
    ...page,
    candidate_ids: pick(page.candidate_ids),
    positions: pick(page.positions),
    scores: pick(page.scores),
    p_like: pick(page.p_like),
    p_liked_back: pick(page.p_liked_back),
    sources: pick(page.sources),
  };
}

/** Every user a batch of pages names, once each (whom the insert asks about: deleted meanwhile?). */
export function usersNamed(pages: readonly ImpressionPage[]): number[] {
  const ids = new Set<number>();
  for (const p of pages) {
    ids.add(p.viewer_id);
    for (const id of p.candidate_ids) ids.add(id);
  }
  return [...ids];
}

/**
 * One INSERT for a whole batch of pages. Each column travels as one array parameter and unnest()
 * zips them back into rows; a page's own arrays travel as PostgreSQL array literals ('{4,6}'),
 * since an array parameter of arrays would have to be rectangular. A candidate's sources are
 * one comma-joined, double-quoted element (source names hold neither commas nor quotes).
 */
export const INSERT_PAGES_SQL = `
  INSERT INTO impression_pages (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, model_versions, request_id, created_at)
  SELECT r.viewer_id, r.candidate_ids::int[], r.positions::smallint[], r.scores::real[], r.p_like::real[], r.p_liked_back::real[],
         r.sources::text[], r.model_versions::jsonb, r.request_id, to_timestamp(r.served_at_ms / 1000.0)
    FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::varchar[], $10::float8[])
      AS r(viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, model_versions, request_id, served_at_ms)`;

const literal = (xs: readonly number[]): string => `{${xs.join(',')}}`;

/** The ten column arrays of INSERT_PAGES_SQL, in order. */
export function pageColumns(pages: readonly ImpressionPage[]): unknown[][] {
  return [
    pages.map((p) => p.viewer_id),
    pages.map((p) => literal(p.candidate_ids)),
    pages.map((p) => literal(p.positions)),
    pages.map((p) => literal(p.scores)),
    pages.map((p) => literal(p.p_like)),
    pages.map((p) => literal(p.p_liked_back)),
    pages.map((p) => `{${p.sources.map((s) => `"${s.join(',')}"`).join(',')}}`),
    pages.map((p) => JSON.stringify(p.model_versions)),
    pages.map((p) => p.request_id),
    pages.map((p) => p.served_at_ms),
  ];
}

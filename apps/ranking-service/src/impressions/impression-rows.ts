/**
 * Impressions: every served list, one row per shown profile. They are the weak negatives of
 * training (shown, not acted on) and the denominator of the performance report.
 */
import type { RecommendationView } from '@app/contracts';

export interface ImpressionRow {
  viewer_id: number;
  candidate_id: number;
  position: number;
  score: number;
  p_like: number;
  p_liked_back: number;
  sources: string[];
  model_versions: Record<string, number | null>;
  request_id: string | null;
  /** When the list was served (epoch ms), not when the row is written: a swipe right after must come after it. */
  served_at_ms: number;
}

export function impressionRows(
  viewer: number,
  items: readonly RecommendationView[],
  modelVersions: Record<string, number | null>,
  requestId: string | null,
  servedAtMs: number,
): ImpressionRow[] {
  return items.map((it) => ({
    viewer_id: viewer,
    candidate_id: it.user_id,
    position: it.position,
    score: it.score,
    p_like: it.p_like,
    p_liked_back: it.p_liked_back,
    sources: [...it.sources],
    model_versions: modelVersions,
    request_id: requestId,
    served_at_ms: servedAtMs,
  }));
}

const COLUMNS = 'viewer_id, candidate_id, position, score, p_like, p_liked_back, sources, model_versions, request_id, created_at';

/**
 * One INSERT for a whole batch, whatever its length: each column travels as one array parameter
 * and unnest() zips them back into rows (cheaper for PostgreSQL than expanding one JSON
 * document). Sources are comma-joined (source names never hold a comma) because a text[] per
 * row would be a ragged two-dimensional array, which PostgreSQL does not have. Rows naming a
 * user deleted since the list was served are skipped: impressions have no foreign keys, and
 * this filter, under the lock of libs/db's impressions-lock, is what keeps them consistent.
 */
export const INSERT_IMPRESSIONS_SQL = `
  INSERT INTO impressions (${COLUMNS})
  SELECT r.viewer_id, r.candidate_id, r.position, r.score, r.p_like, r.p_liked_back, string_to_array(r.sources, ','), r.model_versions::jsonb, r.request_id,
         to_timestamp(r.served_at_ms / 1000.0)
    FROM unnest($1::int[], $2::int[], $3::int[], $4::real[], $5::real[], $6::real[], $7::text[], $8::text[], $9::varchar[], $10::float8[])
      AS r(viewer_id, candidate_id, position, score, p_like, p_liked_back, sources, model_versions, request_id, served_at_ms)
   WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.viewer_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = r.candidate_id)`;

/** The ten column arrays of INSERT_IMPRESSIONS_SQL, in order. */
export function impressionColumns(rows: readonly ImpressionRow[]): unknown[][] {
  return [
    rows.map((r) => r.viewer_id),
    rows.map((r) => r.candidate_id),
    rows.map((r) => r.position),
    rows.map((r) => r.score),
    rows.map((r) => r.p_like),
    rows.map((r) => r.p_liked_back),
    rows.map((r) => r.sources.join(',')),
    rows.map((r) => JSON.stringify(r.model_versions)),
    rows.map((r) => r.request_id),
    rows.map((r) => r.served_at_ms),
  ];
}

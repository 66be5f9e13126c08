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
}

export function impressionRows(viewer: number, items: readonly RecommendationView[], modelVersions: Record<string, number | null>, requestId: string | null): ImpressionRow[] {
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
  }));
}

/**
 * One INSERT for the whole list, whatever its length: the rows travel as one JSON parameter and
 * PostgreSQL expands them (jsonb_to_recordset turns JSON arrays into text[]). Rows naming a user
 * deleted meanwhile are skipped rather than failing the whole page on the foreign key.
 */
export const INSERT_IMPRESSIONS_SQL = `
  INSERT INTO impressions (viewer_id, candidate_id, position, score, p_like, p_liked_back, sources, model_versions, request_id)
  SELECT r.viewer_id, r.candidate_id, r.position, r.score, r.p_like, r.p_liked_back, r.sources, r.model_versions, r.request_id
    FROM jsonb_to_recordset($1::jsonb) AS r(viewer_id int, candidate_id int, position int, score real, p_like real, p_liked_back real,
                                           sources text[], model_versions jsonb, request_id varchar)
   WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.viewer_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = r.candidate_id)`;

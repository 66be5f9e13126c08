/**
 * A served list as the page the impressions repository stores (libs/db `ImpressionPage`): the
 * weak negatives of training (shown, not acted on) and the denominator of the performance report.
 */
import type { RecommendationView } from '@app/contracts';
import type { ImpressionPage } from '@app/db';

/** The page of a served list, or null for an empty list (nothing was shown). */
export function impressionPage(
  viewer: number,
  items: readonly RecommendationView[],
  modelVersions: Record<string, number | null>,
  requestId: string | null,
  servedAtMs: number,
): ImpressionPage | null {
  if (items.length === 0) return null;
  return {
    viewer_id: viewer,
    candidate_ids: items.map((it) => it.user_id),
    positions: items.map((it) => it.position),
    scores: items.map((it) => it.score),
    p_like: items.map((it) => it.p_like),
    p_liked_back: items.map((it) => it.p_liked_back),
    sources: items.map((it) => [...it.sources]),
    model_versions: modelVersions,
    request_id: requestId,
    served_at_ms: servedAtMs,
  };
}

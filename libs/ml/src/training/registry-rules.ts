/**
 * The model registry's decisions as pure functions: whether a candidate replaces the active
 * version, and which old artifacts garbage collection frees.
 */

/** The metric a kind is judged by on the held-out slice, and its direction. */
export interface PrimaryMetric {
  name: string;
  higherIsBetter: boolean;
}

/**
 * Each kind is judged by the metric of its job, on the held-out slice, the active version
 * re-scored on exactly the same data:
 * - embeddings generate candidates: among everyone, the people someone will like must come
 *   first. nDCG@10 over each held-out user's swipes plus sampled strangers measures that. (AUC
 *   over the slice's labelled swipes, likes against dislikes among people already shown, is the
 *   ranker's question; on a slice of a few hundred swipes its noise exceeds the difference
 *   between versions. It is still reported.)
 * - the ranker orders shown candidates by like probability: AUC over the slice's swipes.
 */
export const PRIMARY_METRICS: Readonly<Record<'embeddings' | 'ranker', PrimaryMetric>> = {
  embeddings: { name: 'ndcg_at_10', higherIsBetter: true },
  ranker: { name: 'auc', higherIsBetter: true },
};

export interface ActivationDecision {
  activate: boolean;
  reason: string;
}

/**
 * A candidate is activated when nothing is active, or when its metric is at least as good as the
 * active version's on the same held-out slice. There is no tolerance either way: the slice is data
 * neither version saw, and the candidate has also seen the newer data before it, so it wins when
 * that data helps; on an exact tie it is activated (at least as good, and fresher). A candidate whose metric is not a
 * number (e.g. a
 * slice with one class) is never activated; an active version that cannot be scored (its artifact
 * is unreadable) is replaced.
 */
export function decideActivation(metric: PrimaryMetric, candidate: number, active: number | null): ActivationDecision {
  if (!Number.isFinite(candidate)) return { activate: false, reason: `candidate ${metric.name} is not a number` };
  if (active === null) return { activate: true, reason: 'no active version' };
  if (!Number.isFinite(active)) return { activate: true, reason: `active ${metric.name} could not be computed` };
  const better = metric.higherIsBetter ? candidate >= active : candidate <= active;
  const cmp = `${metric.name} ${candidate.toFixed(4)} vs active ${active.toFixed(4)} on the same held-out slice`;
  return better ? { activate: true, reason: `at least as good: ${cmp}` } : { activate: false, reason: `worse: ${cmp}` };
}

export interface StoredVersion {
  version: number;
  status: 'training' | 'rejected' | 'active' | 'retired' | 'failed';
  hasArtifact: boolean;
}

/**
 * Versions whose artifacts garbage collection deletes: all but the newest `keepRetired` retired
 * ones (kept for a quick rollback), and every rejected or failed one (never served). The active
 * version and versions still training are never touched. Rows stay, for the metrics history.
 */
export function selectArtifactsToDelete(versions: readonly StoredVersion[], keepRetired: number): number[] {
  const out: number[] = [];
  let retiredKept = 0;
  for (const v of [...versions].sort((a, b) => b.version - a.version)) {
    if (!v.hasArtifact) continue;
    if (v.status === 'retired') {
      if (retiredKept < keepRetired) retiredKept++;
      else out.push(v.version);
    } else if (v.status === 'rejected' || v.status === 'failed') {
      out.push(v.version);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Two-sided re-ranking. A recommendation is worth showing when it can become a match, so the
 * order is by P(viewer likes) x P(candidate likes back); then exposure is spread so that the
 * most popular profiles do not absorb every page (they are swamped with likes they cannot answer,
 * everyone else starves), and the page keeps some variety across candidate sources.
 */

/** One candidate as the ranking stage hands it over. */
export interface RerankCandidate {
  id: number;
  /** P(viewer likes candidate). */
  pLike: number;
  /** P(candidate likes viewer back). */
  pLikedBack: number;
  /** Any popularity measure (higher = more popular); only its order within the pool matters. */
  popularity: number;
  /** Candidate sources that proposed it ('cf', 'content', 'reciprocity', 'exploration', ...). */
  sources: string[];
}

export interface RerankOptions {
  limit: number;
  /**
   * 0..1: the match probability is multiplied by (1 - exposurePenalty · q), q being the
   * candidate's popularity percentile in the pool (0 least, 1 most popular). 0 turns it off.
   */
  exposurePenalty: number;
  /**
   * >= 0: a candidate's score is divided by (1 + diversityBySource · r), r being how many picks
   * so far share its least-used source. 0 turns it off.
   */
  diversityBySource: number;
  /** Optional cap on the share of the page taken by the top popularity decile (e.g. 0.3). */
  maxPopularShare?: number;
  /** Percentile from which a candidate counts as "top popular" for the cap (default 0.9). */
  popularQuantile?: number;
}

/**
 * The product's re-ranking policy (the ranking service and the offline pipeline evaluation):
 * the most popular tenth may fill at most 30% of a page, a candidate's match chance is
 * discounted by up to 30% by its popularity percentile, and repeated sources are gently
 * penalised so a page mixes collaborative, content, reciprocal and exploration picks.
 */
export const RERANK_POLICY: Omit<RerankOptions, 'limit'> = {
  exposurePenalty: 0.3,
  diversityBySource: 0.15,
  maxPopularShare: 0.3,
  popularQuantile: 0.9,
};

/** A re-ranked candidate with the numbers that placed it. */
export interface RankedCandidate extends RerankCandidate {
  matchProbability: number;
  /** Popularity percentile within the pool, 0..1. */
  popularityPercentile: number;
  /** The adjusted score it was picked with. */
  score: number;
}

/** Probability of a match: both must like each other (treated as independent). */
export function matchProbability(pLike: number, pLikedBack: number): number {
  return pLike * pLikedBack;
}

/** Percentile of each value within the list (0 lowest, 1 highest; ties share their mean rank). */
export function percentiles(values: readonly number[]): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n <= 1) return out;
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const pct = (i + j) / 2 / (n - 1);
    for (let t = i; t <= j; t++) out[order[t]] = pct;
    i = j + 1;
  }
  return out;
}

function validate(c: RerankCandidate): void {
  const ok = (p: number): boolean => Number.isFinite(p) && p >= 0 && p <= 1;
  if (!ok(c.pLike) || !ok(c.pLikedBack)) throw new Error(`rerank: candidate ${c.id} has probabilities outside [0, 1]`);
  if (!Number.isFinite(c.popularity)) throw new Error(`rerank: candidate ${c.id} has a non-finite popularity`);
}

/** Orders candidates by match probability under the exposure and diversity rules; pure and deterministic. */
export function rerank(candidates: readonly RerankCandidate[], options: RerankOptions): RankedCandidate[] {
  candidates.forEach(validate);
  const limit = Math.max(0, Math.min(Math.floor(options.limit), candidates.length));
  const penalty = Math.min(1, Math.max(0, options.exposurePenalty));
  const diversity = Math.max(0, options.diversityBySource);
  const popularFrom = options.popularQuantile ?? 0.9;
  const popularCap = options.maxPopularShare === undefined ? Infinity : Math.floor(options.maxPopularShare * limit);
  const q = percentiles(candidates.map((c) => c.popularity));
  // Sources as small integers, so the inner loop below counts in an array, not a Map.
  const sourceIndex = new Map<string, number>();
  const indexOf = (source: string): number => {
    let i = sourceIndex.get(source);
    if (i === undefined) sourceIndex.set(source, (i = sourceIndex.size));
    return i;
  };
  const pool = candidates.map((c, i) => {
    const mp = matchProbability(c.pLike, c.pLikedBack);
    // No sources still forms a group of its own, so diversity treats it like any other source.
    const sources = (c.sources.length ? c.sources : ['']).map(indexOf);
    return {
      c,
      mp,
      q: q[i],
      base: mp * (1 - penalty * q[i]),
      sources,
      popular: q[i] >= popularFrom && candidates.length > 1,
    };
  });
  const used = new Int32Array(sourceIndex.size);
  const taken = new Uint8Array(pool.length);
  const out: RankedCandidate[] = [];
  let popularShown = 0;
  while (out.length < limit) {
    let best = -1;
    let bestScore = -Infinity;
    // Two passes: respect the popularity cap first, and break it only when nothing else is left
    // (a full page beats an empty slot).
    for (const respectCap of [true, false]) {
      for (let i = 0; i < pool.length; i++) {
        const p = pool[i];
        if (taken[i] || (respectCap && p.popular && popularShown >= popularCap)) continue;
        // The least-used of its sources, in a plain loop: this runs page × pool times per request.
        let redundancy = Infinity;
        for (let s = 0; s < p.sources.length; s++) redundancy = Math.min(redundancy, used[p.sources[s]]);
        const score = p.base / (1 + diversity * redundancy);
        if (
          best < 0 ||
          score > bestScore ||
          (score === bestScore && (p.mp > pool[best].mp || (p.mp === pool[best].mp && p.c.id < pool[best].c.id)))
        ) {
          best = i;
          bestScore = score;
        }
      }
      if (best >= 0) break;
    }
    const p = pool[best];
    taken[best] = 1;
    if (p.popular) popularShown++;
    for (const s of p.sources) used[s]++;
    out.push({
      ...p.c,
      sources: [...p.c.sources],
      matchProbability: p.mp,
      popularityPercentile: p.q,
      score: bestScore,
    });
  }
  return out;
}

/**
 * The offline protocol: train every algorithm on the training part, then for each (sampled) actor
 * with a held-out like, rank every user the actor has not interacted with in training (full
 * ranking, no sampled negatives) and score the top K. All algorithms rank the same actor back to
 * back, so per-actor work (candidates, the hidden truth's ideal list) is done once.
 */
import {
  auc,
  coverage,
  gini,
  gradedNdcgAtK,
  hitRateAtK,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  topK,
} from '@app/ml/metrics';
import { isPositiveSwipe, SWIPE_TYPES } from '@app/contracts';
import { type Profile, type Swipe } from '@app/ml/types';
import { isMutuallyCompatible } from './compatibility';
import type { TruthRows } from '../baselines/truth';
import type { Dataset } from './data';
import { buildPairSet, pairMetrics, pairSetSize } from './pair-metrics';
import type { OfflineRecommender, TrainSet } from './recommender';
import { SeededRandom } from '@app/ml/primitives/seeded-random';

export type CandidateMode = 'all' | 'compatible';

export interface EvaluationOptions {
  ks: number[];
  seed: number;
  /** At most this many test actors are evaluated (a seeded sample when there are more). */
  maxActors: number;
  /** 'all' = every known user; 'compatible' = only mutually preference-compatible ones. */
  candidates: CandidateMode;
  /** Hidden like probabilities of a generated market (one actor, many targets), for truth_ndcg. */
  truthRows?: TruthRows | null;
  onProgress?: (msg: string) => void;
}

export interface AlgorithmResult {
  algorithm: string;
  fitSeconds: number;
  scoreSeconds: number;
  /** e.g. "ndcg@10", "mutual_precision@10", "coverage@10", "gini@10", "truth_ndcg@10", "auc". */
  metrics: Record<string, number>;
}

export interface EvaluationSummary {
  users: number;
  trainInteractions: number;
  testInteractions: number;
  actorsWithTestLikes: number;
  actorsEvaluated: number;
  sampled: boolean;
  meanCandidates: number;
  meanTestLikesPerActor: number;
  /** The held-out pairs of the pair metrics (pair-metrics.ts): swipes and likes, known pairs and mutual ones. */
  pairs: { swipes: number; likes: number; matchPairs: number; mutual: number };
  /**
   * Time spent on the hidden truth's scores (shared by truth_ndcg and the `truth` algorithm, whose own score time
   * excludes it).
   */
  truthSeconds: number;
}

/** A positive/negative held-out row per actor, as compressed rows over dense indices. */
interface ByActor {
  start: Int32Array;
  items: Int32Array;
}

function groupByActor(n: number, actor: Int32Array, target: Int32Array, keep: (i: number) => boolean): ByActor {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < actor.length; i++) if (keep(i)) start[actor[i] + 1]++;
  for (let a = 0; a < n; a++) start[a + 1] += start[a];
  const fill = start.slice(0, n);
  const items = new Int32Array(start[n]);
  for (let i = 0; i < actor.length; i++) if (keep(i)) items[fill[actor[i]]++] = target[i];
  return { start, items };
}

/** The training part as an algorithm sees it (algorithm-facing ids, Swipe objects). */
export function buildTrainSet(data: Dataset, testMask: Uint8Array): TrainSet {
  const swipes: Swipe[] = [];
  let nowMs = 0;
  for (let i = 0; i < data.actor.length; i++) {
    if (testMask[i]) continue;
    const ts = data.ts[i];
    swipes.push({
      actor: data.userIds[data.actor[i]],
      target: data.userIds[data.target[i]],
      type: SWIPE_TYPES[data.type[i]],
      ts: Number.isNaN(ts) ? 0 : ts,
    });
    if (ts > nowMs) nowMs = ts;
  }
  return { swipes, profiles: data.profiles, userIds: data.userIds.slice(), nowMs };
}

class Accumulator {
  readonly sums = new Map<string, number>();
  readonly exposure: Int32Array[];
  readonly pos: number[] = [];
  readonly neg: number[] = [];
  aucActorSum = 0;
  aucActorCount = 0;
  scoreMs = 0;
  constructor(n: number, ks: number[]) {
    this.exposure = ks.map(() => new Int32Array(n));
  }
  add(key: string, v: number): void {
    this.sums.set(key, (this.sums.get(key) ?? 0) + v);
  }
}

/** Runs the protocol for already-built algorithms; fits them, scores, and disposes of them. */
export async function evaluate(
  data: Dataset,
  testMask: Uint8Array,
  algorithms: OfflineRecommender[],
  opts: EvaluationOptions,
): Promise<{ summary: EvaluationSummary; results: AlgorithmResult[] }> {
  if (opts.candidates === 'compatible' && !data.profiles) throw new Error('--candidates compatible needs --users');
  try {
    return await runProtocol(data, testMask, algorithms, opts);
  } finally {
    // Even after a failure: an algorithm may hold native memory (TensorFlow tensors).
    for (const alg of algorithms) alg.dispose?.();
  }
}

async function runProtocol(
  data: Dataset,
  testMask: Uint8Array,
  algorithms: OfflineRecommender[],
  opts: EvaluationOptions,
): Promise<{ summary: EvaluationSummary; results: AlgorithmResult[] }> {
  const n = data.userIds.length;
  const ks = [...new Set(opts.ks)].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1];
  const log = opts.onProgress ?? (() => {});
  const positive = SWIPE_TYPES.map((t) => isPositiveSwipe(t));
  const isTrain = (i: number): boolean => !testMask[i];
  const train = groupByActor(n, data.actor, data.target, isTrain);
  const testLikes = groupByActor(n, data.actor, data.target, (i) => testMask[i] === 1 && positive[data.type[i]]);
  const testNegs = groupByActor(n, data.actor, data.target, (i) => testMask[i] === 1 && !positive[data.type[i]]);
  // Who liked whom anywhere (train or test): the "target liked the actor back" half of a match.
  const liked = new Set<number>();
  for (let i = 0; i < data.actor.length; i++) if (positive[data.type[i]]) liked.add(data.actor[i] * n + data.target[i]);

  const trainSet = buildTrainSet(data, testMask);
  const fitSeconds: number[] = [];
  for (const alg of algorithms) {
    log(`fitting ${alg.name} on ${trainSet.swipes.length} training interactions`);
    const t0 = performance.now();
    await alg.fit(trainSet);
    fitSeconds.push((performance.now() - t0) / 1000);
  }

  const pairSet = buildPairSet(data, testMask);
  const pairs = algorithms.map((alg) => {
    const t0 = performance.now();
    const m = pairMetrics(pairSet, data, alg);
    return { metrics: m, ms: performance.now() - t0 };
  });

  const withLikes: number[] = [];
  for (let a = 0; a < n; a++) if (testLikes.start[a + 1] > testLikes.start[a]) withLikes.push(a);
  const actors = new SeededRandom(opts.seed ^ 0x5eed).sample(withLikes, opts.maxActors);
  const profiles: (Profile | null)[] = data.userIds.map((id) => data.profiles?.get(id) ?? null);

  const accs = algorithms.map(() => new Accumulator(n, ks));
  const excluded = new Int32Array(n).fill(-1); // excluded[t] === a: t is not a candidate for actor a
  const candBuf = new Int32Array(n);
  const posInCand = new Int32Array(n);
  let candidateTotal = 0;
  let likeTotal = 0;
  let truthMs = 0;
  const started = performance.now();
  for (let ai = 0; ai < actors.length; ai++) {
    const a = actors[ai];
    excluded[a] = a;
    for (let p = train.start[a]; p < train.start[a + 1]; p++) excluded[train.items[p]] = a;
    let m = 0;
    const pa = profiles[a];
    for (let t = 0; t < n; t++) {
      if (excluded[t] === a) continue;
      if (opts.candidates === 'compatible' && pa && profiles[t] && !isMutuallyCompatible(pa, profiles[t]!)) continue;
      posInCand[t] = m;
      candBuf[m++] = t;
    }
    const cands = candBuf.subarray(0, m);
    candidateTotal += m;
    const inCands = (t: number): boolean => excluded[t] !== a && cands[posInCand[t]] === t;
    const targetIds = new Float64Array(m);
    for (let i = 0; i < m; i++) targetIds[i] = data.userIds[cands[i]];
    const relevant = new Set<number>(testLikes.items.subarray(testLikes.start[a], testLikes.start[a + 1]));
    likeTotal += relevant.size;
    const negatives = Array.from(testNegs.items.subarray(testNegs.start[a], testNegs.start[a + 1]));

    // The hidden truth's own top-K over the same candidates: the ideal list of truth_ndcg.
    let truth: Float32Array | null = null;
    let idealGains: Float64Array | null = null;
    if (opts.truthRows) {
      const t0 = performance.now();
      const t = opts.truthRows(data.userIds[a], targetIds);
      truthMs += performance.now() - t0;
      truth = t;
      idealGains = Float64Array.from(topK(t, maxK), (i) => t[i]);
    }

    for (let g = 0; g < algorithms.length; g++) {
      const acc = accs[g];
      const t0 = performance.now();
      const scores = algorithms[g].scoreTargets(data.userIds[a], targetIds);
      const top = topK(scores, maxK);
      acc.scoreMs += performance.now() - t0;
      if (scores.length !== m)
        throw new Error(`${algorithms[g].name}.scoreTargets returned ${scores.length} scores for ${m} targets`);
      const ranked = Int32Array.from(top, (i) => cands[i]);
      const gains = truth ? Float64Array.from(top, (i) => truth![i]) : null;
      scoreActor(acc, ks, a, n, ranked, relevant, liked, gains, idealGains);
      // AUC: held-out likes against held-out dislikes (blocks count as dislikes), pooled over all
      // pairs and averaged per actor (pooled mixes actors' score scales; per-actor does not).
      const ps: number[] = [];
      const ns: number[] = [];
      for (const t of relevant) if (inCands(t)) ps.push(scores[posInCand[t]]);
      for (const t of negatives) if (inCands(t)) ns.push(scores[posInCand[t]]);
      for (const s of ps) acc.pos.push(s);
      for (const s of ns) acc.neg.push(s);
      if (ps.length > 0 && ns.length > 0) {
        acc.aucActorSum += auc(ps, ns);
        acc.aucActorCount++;
      }
    }
    if ((ai + 1) % Math.max(1, Math.floor(actors.length / 10)) === 0 || ai + 1 === actors.length)
      log(`scored ${ai + 1}/${actors.length} actors (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }

  const count = Math.max(1, actors.length);
  const results = algorithms.map((alg, g): AlgorithmResult => {
    const acc = accs[g];
    const metrics: Record<string, number> = {};
    ks.forEach((k, ki) => {
      for (const name of ['precision', 'recall', 'ndcg', 'hit_rate', 'mutual_precision'])
        metrics[`${name}@${k}`] = (acc.sums.get(`${name}@${k}`) ?? 0) / count;
      metrics[`coverage@${k}`] = coverage(acc.exposure[ki], n);
      metrics[`gini@${k}`] = gini(acc.exposure[ki]);
      if (opts.truthRows) metrics[`truth_ndcg@${k}`] = (acc.sums.get(`truth_ndcg@${k}`) ?? 0) / count;
    });
    metrics.auc = auc(acc.pos, acc.neg);
    metrics.auc_per_actor = acc.aucActorCount > 0 ? acc.aucActorSum / acc.aucActorCount : NaN;
    Object.assign(metrics, pairs[g].metrics);
    const scoreSeconds = (acc.scoreMs + pairs[g].ms) / 1000;
    return { algorithm: alg.name, fitSeconds: fitSeconds[g], scoreSeconds, metrics };
  });
  let testRows = 0;
  for (let i = 0; i < testMask.length; i++) testRows += testMask[i];
  const summary: EvaluationSummary = {
    users: n,
    trainInteractions: data.actor.length - testRows,
    testInteractions: testRows,
    actorsWithTestLikes: withLikes.length,
    actorsEvaluated: actors.length,
    sampled: actors.length < withLikes.length,
    meanCandidates: candidateTotal / count,
    meanTestLikesPerActor: likeTotal / count,
    pairs: pairSetSize(pairSet),
    truthSeconds: truthMs / 1000,
  };
  return { summary, results };
}

/** Adds one actor's top-K figures for one algorithm to its accumulator. */
function scoreActor(
  acc: Accumulator,
  ks: number[],
  a: number,
  n: number,
  ranked: Int32Array,
  relevant: Set<number>,
  liked: Set<number>,
  gains: Float64Array | null,
  idealGains: Float64Array | null,
): void {
  ks.forEach((k, ki) => {
    const top = ranked.subarray(0, k);
    for (const t of top) acc.exposure[ki][t]++;
    let matches = 0;
    for (const t of top) if (relevant.has(t) && liked.has(t * n + a)) matches++;
    acc.add(`precision@${k}`, precisionAtK(top, relevant, k));
    acc.add(`recall@${k}`, recallAtK(top, relevant, k));
    acc.add(`ndcg@${k}`, ndcgAtK(top, relevant, k));
    acc.add(`hit_rate@${k}`, hitRateAtK(top, relevant, k));
    acc.add(`mutual_precision@${k}`, matches / k);
    if (gains && idealGains) acc.add(`truth_ndcg@${k}`, gradedNdcgAtK(gains, idealGains, k));
  });
}

/**
 * Held-out evaluation of embedding models on a fixed evaluation set, so a candidate and the active
 * version are scored on exactly the same pairs and ranking lists (the activation rule compares
 * them). The set is built once from the held-out swipes with a seeded sampler.
 */
import type { EmbeddingModel } from '../embeddings/model';
import { meanRow } from '../embeddings/model';
import { SeededRandom } from '../primitives/seeded-random';
import { auc } from '../metrics/auc';
import { ndcgAtK, recallAtK } from '../metrics/ranking';
import type { Swipe } from '../types';
import { isPositiveSwipe } from '@app/contracts';

/** One user's ranking task: order `candidates` (their held-out swipes plus sampled others). */
export interface RankingList {
  user: number;
  candidates: number[];
  relevant: Set<number>;
}

export interface EmbeddingEvalSet {
  /** Held-out (actor, target) pairs labelled 1 (like, super like) or 0 (dislike, block). */
  positives: [number, number][];
  negatives: [number, number][];
  lists: RankingList[];
}

export interface EmbeddingEvalOptions {
  /** Ranking lists for at most this many users (sampled), to bound evaluation time. */
  maxUsers: number;
  /** Random users added to each list, besides the user's held-out swipes. */
  sampledCandidates: number;
  k: number;
  seed: number;
}

export const DEFAULT_EMBEDDING_EVAL: EmbeddingEvalOptions = { maxUsers: 2000, sampledCandidates: 100, k: 10, seed: 17 };

/** Offline metrics of an embedding model on an evaluation set. */
export interface EmbeddingEvalMetrics {
  auc: number;
  ndcg_at_10: number;
  recall_at_10: number;
  eval_pairs: number;
  eval_users: number;
}

/**
 * Builds the evaluation set from held-out swipes. Sampled candidates exclude the user, their
 * held-out targets and anyone they swiped on before the cut (`trainSwipes`), whose label is known.
 */
export function buildEmbeddingEvalSet(
  heldOut: readonly Swipe[],
  trainSwipes: readonly Swipe[],
  userIds: readonly number[],
  options: Partial<EmbeddingEvalOptions> = {},
): EmbeddingEvalSet {
  const o = { ...DEFAULT_EMBEDDING_EVAL, ...options };
  const rng = new SeededRandom(o.seed);
  const positives: [number, number][] = [];
  const negatives: [number, number][] = [];
  const byUser = new Map<number, Map<number, boolean>>();
  for (const s of heldOut) {
    if (s.actor === s.target) continue;
    const pos = isPositiveSwipe(s.type);
    (pos ? positives : negatives).push([s.actor, s.target]);
    let m = byUser.get(s.actor);
    if (!m) byUser.set(s.actor, (m = new Map()));
    // A block after a like within the slice: the later, negative evidence wins.
    m.set(s.target, pos && m.get(s.target) !== false);
  }
  const eligible = [...byUser.entries()].filter(([, m]) => [...m.values()].some(Boolean)).map(([u]) => u);
  eligible.sort((a, b) => a - b);
  rng.shuffle(eligible);
  const chosen = new Set(eligible.slice(0, o.maxUsers));
  const seen = new Map<number, Set<number>>();
  for (const u of chosen) seen.set(u, new Set());
  for (const s of trainSwipes) seen.get(s.actor)?.add(s.target);
  const lists: RankingList[] = [];
  for (const u of [...chosen].sort((a, b) => a - b)) {
    const mine = byUser.get(u)!;
    const candidates = [...mine.keys()];
    const taken = new Set<number>([u, ...candidates, ...seen.get(u)!]);
    // Bounded attempts: in a tiny market there may not be enough strangers to sample.
    for (
      let tries = 0;
      candidates.length < mine.size + o.sampledCandidates && tries < o.sampledCandidates * 4;
      tries++
    ) {
      const v = userIds[rng.int(userIds.length)];
      if (taken.has(v)) continue;
      taken.add(v);
      candidates.push(v);
    }
    lists.push({ user: u, candidates, relevant: new Set([...mine].filter(([, p]) => p).map(([v]) => v)) });
  }
  return { positives, negatives, lists };
}

/** Scores u -> v by user ids; ids the model has never seen fall back to the mean vectors. */
export function embeddingScorer(model: EmbeddingModel): (u: number, v: number) => number {
  const d = model.dim;
  const n = model.appealBias.length;
  const indexOf = new Map<number, number>();
  if (model.userIds) model.userIds.forEach((id, i) => indexOf.set(id, i));
  else for (let i = 0; i < n; i++) indexOf.set(i, i);
  const meanTaste = meanRow(model.taste, d);
  const meanAppeal = meanRow(model.appeal, d);
  let meanBias = 0;
  for (let i = 0; i < n; i++) meanBias += model.appealBias[i];
  meanBias = n ? meanBias / n : 0;
  return (u, v) => {
    const ui = indexOf.get(u);
    const vi = indexOf.get(v);
    const t = ui === undefined ? meanTaste : model.taste.subarray(ui * d, ui * d + d);
    const a = vi === undefined ? meanAppeal : model.appeal.subarray(vi * d, vi * d + d);
    let s = vi === undefined ? meanBias : model.appealBias[vi];
    for (let k = 0; k < d; k++) s += t[k] * a[k];
    return s;
  };
}

/** AUC over the labelled held-out pairs, nDCG@k and recall@k over the ranking lists (NaN when there are none). */
export function evaluateEmbeddingScorer(
  score: (u: number, v: number) => number,
  set: EmbeddingEvalSet,
  k = DEFAULT_EMBEDDING_EVAL.k,
): EmbeddingEvalMetrics {
  const pos = set.positives.map(([u, v]) => score(u, v));
  const neg = set.negatives.map(([u, v]) => score(u, v));
  let ndcg = 0;
  let recall = 0;
  for (const list of set.lists) {
    const scored = list.candidates.map((v) => ({ v, s: score(list.user, v) }));
    // Ties broken by id so two runs of the same model give identical figures.
    scored.sort((a, b) => b.s - a.s || a.v - b.v);
    const ranked = scored.map((x) => x.v);
    ndcg += ndcgAtK(ranked, list.relevant, k);
    recall += recallAtK(ranked, list.relevant, k);
  }
  // No user with a held-out like: the ranking metrics are undefined, not zero.
  const m = set.lists.length;
  return {
    auc: auc(pos, neg),
    ndcg_at_10: m ? ndcg / m : NaN,
    recall_at_10: m ? recall / m : NaN,
    eval_pairs: pos.length + neg.length,
    eval_users: m,
  };
}

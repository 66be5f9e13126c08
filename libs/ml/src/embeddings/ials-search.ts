/**
 * Chooses iALS's confidence (alpha) and penalty (reg) on a validation split of the training
 * data, within a time budget, as Gorse's model search does: the defaults then hold on data
 * unlike the data they were picked on (a dating market with dislikes, a one-sided log of likes).
 *
 * A seeded tenth of the like pairs (by a hash of the pair, so the same pairs whatever the order)
 * is held out; each setting trains on the rest and ranks every target for up to `users`
 * validation users, their training pairs excluded, by full-ranking nDCG@10. Settings are tried
 * in order until the budget is spent (the first always runs); ties within 0.001 keep the earlier
 * one, so list the cheaper or more conservative settings first.
 */
import { hashUnit, SeededRandom } from '../primitives/seeded-random';
import type { EmbeddingTrainingData } from './model';
import { type IalsFactors, type IalsTrainOptions, trainIals } from './train-ials';

export interface IalsSetting {
  alpha: number;
  reg: number;
}

export interface IalsSearchOptions {
  /** Tried in order; empty: no search, the training options' own alpha and reg. */
  grid: IalsSetting[];
  /** Share of like pairs held out to validate. */
  validationFraction: number;
  /** Validation users ranked at most (sampled). */
  users: number;
  /** Iterations of each trial fit (fewer than the final fit's: the ordering settles early). */
  iterations: number;
  /** No new trial starts after this many seconds. */
  budgetSeconds: number;
}

export interface IalsTrial extends IalsSetting {
  ndcg: number;
  seconds: number;
}

export interface IalsSearchResult {
  chosen: IalsSetting;
  trials: IalsTrial[];
}

const K = 10;

/** Training data without the held-out like pairs, and each validation user's held-out targets. */
function splitValidation(
  data: EmbeddingTrainingData,
  o: IalsSearchOptions,
  seed: number,
): { train: EmbeddingTrainingData; held: Map<number, number[]> } {
  const keep: number[] = [];
  const held = new Map<number, number[]>();
  for (let i = 0; i < data.actors.length; i++) {
    const u = data.actors[i];
    const v = data.targets[i];
    if (data.labels[i] >= 0.5 && hashUnit(seed, u, v) < o.validationFraction) {
      const list = held.get(u);
      if (list) list.push(v);
      else held.set(u, [v]);
    } else keep.push(i);
  }
  const pick = <T extends Int32Array | Float32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    keep.forEach((j, i) => (out[i] = a[j]));
    return out;
  };
  const train: EmbeddingTrainingData = {
    nUsers: data.nUsers,
    actors: pick(data.actors),
    targets: pick(data.targets),
    labels: pick(data.labels),
    weights: pick(data.weights),
  };
  // A seeded sample of the users with held-out likes (sorted first: Map order is insertion order).
  const users = [...held.keys()].sort((a, b) => a - b);
  const rng = new SeededRandom(seed, 0x5ea);
  for (let i = users.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [users[i], users[j]] = [users[j], users[i]];
  }
  const sample = new Map<number, number[]>();
  for (const u of users.slice(0, o.users)) sample.set(u, held.get(u)!);
  return { train, held: sample };
}

/** nDCG@10 of one user's row of scores (offset `row`), the excluded targets skipped. */
function ndcgOfRow(scores: ArrayLike<number>, row: number, n: number, excluded: Set<number>, held: number[]): number {
  const top: number[] = [];
  for (let v = 0; v < n; v++) {
    if (excluded.has(v)) continue;
    const s = scores[row + v];
    if (top.length === K && s <= scores[row + top[K - 1]]) continue;
    let at = top.length === K ? K - 1 : top.length;
    while (at > 0 && scores[row + top[at - 1]] < s) at--;
    top.splice(at, 0, v);
    if (top.length > K) top.pop();
  }
  const relevant = new Set(held);
  let dcg = 0;
  top.forEach((v, r) => {
    if (relevant.has(v)) dcg += 1 / Math.log2(r + 2);
  });
  let ideal = 0;
  for (let r = 0; r < Math.min(K, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Mean full-ranking nDCG@10 of the held-out likes, every target a candidate but the user's training pairs. */
function validationNdcg(f: IalsFactors, d: number, train: EmbeddingTrainingData, held: Map<number, number[]>): number {
  const n = train.nUsers;
  const users = [...held.keys()];
  const seen = new Map<number, Set<number>>();
  for (const u of users) seen.set(u, new Set([u]));
  for (let i = 0; i < train.actors.length; i++) seen.get(train.actors[i])?.add(train.targets[i]);
  const scores = new Float32Array(n);
  let total = 0;
  for (const u of users) {
    const uo = u * d;
    for (let v = 0; v < n; v++) {
      const vo = v * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += f.taste[uo + k] * f.appeal[vo + k];
      scores[v] = s;
    }
    total += ndcgOfRow(scores, 0, n, seen.get(u)!, held.get(u)!);
  }
  return users.length ? total / users.length : 0;
}

/** Tries the grid's settings on a validation split and returns the best (see the file's comment). */
export async function searchIals(
  data: EmbeddingTrainingData,
  train: Omit<IalsTrainOptions, 'onIteration'>,
  o: IalsSearchOptions,
  onTrial?: (trial: IalsTrial) => void,
): Promise<IalsSearchResult> {
  const fallback = { alpha: train.alpha, reg: train.reg };
  if (o.grid.length === 0) return { chosen: fallback, trials: [] };
  const { train: part, held } = splitValidation(data, o, train.seed);
  if (held.size === 0) return { chosen: o.grid[0], trials: [] };
  const started = performance.now();
  const trials: IalsTrial[] = [];
  for (const setting of o.grid) {
    if (trials.length > 0 && (performance.now() - started) / 1000 >= o.budgetSeconds) break;
    const t0 = performance.now();
    const f = await trainIals(part, { ...train, ...setting, iterations: o.iterations });
    const trial = {
      ...setting,
      ndcg: validationNdcg(f, train.dim, part, held),
      seconds: (performance.now() - t0) / 1000,
    };
    trials.push(trial);
    onTrial?.(trial);
  }
  const best = trials.reduce((a, b) => (b.ndcg > a.ndcg + 0.001 ? b : a));
  return { chosen: { alpha: best.alpha, reg: best.reg }, trials };
}

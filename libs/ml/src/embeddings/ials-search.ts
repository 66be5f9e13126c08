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
import { ndcgAtK } from '../metrics/ranking';
import { topK } from '../metrics/topk';
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
  /** Iterations over all the data after the search, from the chosen trial's factors. */
  finishIterations: number;
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
  /** The chosen trial's factors (trained without the validation likes), a warm start; null without trials. */
  factors: IalsFactors | null;
}

const K = 10;

/** A validation user: their held-out likes, and the targets not to rank (themselves, their training pairs). */
interface ValidationUser {
  user: number;
  held: Set<number>;
  excluded: number[];
}

/** Training data without the held-out like pairs, and a seeded sample of the validation users. */
function splitValidation(
  data: EmbeddingTrainingData,
  o: IalsSearchOptions,
  seed: number,
): { train: EmbeddingTrainingData; users: ValidationUser[] } {
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
  const sample = new Map<number, ValidationUser>();
  for (const u of users.slice(0, o.users)) sample.set(u, { user: u, held: new Set(held.get(u)), excluded: [u] });
  for (let i = 0; i < train.actors.length; i++) sample.get(train.actors[i])?.excluded.push(train.targets[i]);
  return { train, users: [...sample.values()] };
}

/** Mean full-ranking nDCG@10 of the held-out likes, every target a candidate but the user's training pairs. */
function validationNdcg(f: IalsFactors, d: number, n: number, users: ValidationUser[]): number {
  const scores = new Float32Array(n);
  let total = 0;
  for (const { user, held, excluded } of users) {
    const uo = user * d;
    for (let v = 0; v < n; v++) {
      const vo = v * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += f.taste[uo + k] * f.appeal[vo + k];
      scores[v] = s;
    }
    for (const v of excluded) scores[v] = -Infinity;
    total += ndcgAtK(topK(scores, K), held, K);
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
  if (o.grid.length === 0) return { chosen: fallback, trials: [], factors: null };
  const { train: part, users } = splitValidation(data, o, train.seed);
  if (users.length === 0) return { chosen: o.grid[0], trials: [], factors: null };
  const started = performance.now();
  const trials: IalsTrial[] = [];
  let best: { trial: IalsTrial; factors: IalsFactors } | null = null;
  for (const setting of o.grid) {
    if (trials.length > 0 && (performance.now() - started) / 1000 >= o.budgetSeconds) break;
    const t0 = performance.now();
    const f = await trainIals(part, { ...train, ...setting, iterations: o.iterations });
    const trial = {
      ...setting,
      ndcg: validationNdcg(f, train.dim, data.nUsers, users),
      seconds: (performance.now() - t0) / 1000,
    };
    trials.push(trial);
    onTrial?.(trial);
    if (!best || trial.ndcg > best.trial.ndcg + 0.001) best = { trial, factors: f };
  }
  const { trial, factors } = best!;
  return { chosen: { alpha: trial.alpha, reg: trial.reg }, trials, factors };
}

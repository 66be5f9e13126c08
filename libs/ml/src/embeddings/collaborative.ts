/**
 * The collaborative stage's one way in: what the trainer, `evaluate` and `movielens` all fit by
 * default. 'ials' (train-ials.ts, its confidence and penalty chosen by ials-search.ts) is the
 * default; 'logistic' (train.ts: the logistic loss with sampled negatives, SGD) stays selectable.
 * Both give an `EmbeddingModel` whose score is a logit.
 */
import type { EmbeddingModel, EmbeddingTrainOptions } from './model';
import { fillColdRows } from './model';
import { calibratedModel } from './calibrate';
import { type IalsSearchOptions, type IalsSetting, type IalsTrial, searchIals } from './ials-search';
import { type IalsFactors, type IalsTrainOptions, trainIals } from './train-ials';
import { trainEmbeddings } from './train';
import type { EmbeddingTrainingSet } from './training-set';

export type CollaborativeAlgorithm = 'ials' | 'logistic';

export interface CollaborativeOptions {
  algorithm: CollaborativeAlgorithm;
  ials: Omit<IalsTrainOptions, 'onIteration'>;
  search: IalsSearchOptions;
  /** Options of the 'logistic' algorithm (DEFAULT_EMBEDDING_OPTIONS where not given). */
  logistic: Partial<EmbeddingTrainOptions>;
}

export const DEFAULT_COLLABORATIVE_OPTIONS: CollaborativeOptions = {
  algorithm: 'ials',
  // The trainer's defaults too (apps/trainer/src/trainer.config.ts sets the same).
  ials: { dim: 64, iterations: 6, alpha: 1, reg: 10, cgSteps: 3, seed: 1, initScale: 0.1 },
  search: {
    // Picked on validation splits: (1, 10) and (1, 3) win on the generated dating markets, (3, 30)
    // on MovieLens; the penalty that wins grows with the evidence per row. docs/evaluation.md.
    grid: [
      { alpha: 1, reg: 10 },
      { alpha: 3, reg: 30 },
      { alpha: 1, reg: 3 },
      { alpha: 3, reg: 10 },
    ],
    validationFraction: 0.1,
    users: 300,
    iterations: 4,
    // Finishing from the chosen trial instead of fitting 6 iterations afresh costs MovieLens
    // 0.003 of nDCG@10 (0.3336 against 0.3366) and the 10k market 0.001, and saves four
    // iterations: about 27 s of a 100k-user retrain.
    finishIterations: 2,
    budgetSeconds: 20,
  },
  logistic: {},
};

/** Overrides merged one level deep (a caller may set just `ials.dim` or `search.grid`). */
export type CollaborativeOverrides = Partial<{
  algorithm: CollaborativeAlgorithm;
  ials: Partial<CollaborativeOptions['ials']>;
  search: Partial<IalsSearchOptions>;
  logistic: Partial<EmbeddingTrainOptions>;
}>;

export function collaborativeOptions(over: CollaborativeOverrides = {}): CollaborativeOptions {
  const d = DEFAULT_COLLABORATIVE_OPTIONS;
  return {
    algorithm: over.algorithm ?? d.algorithm,
    ials: { ...d.ials, ...over.ials },
    // A fresh grid array: a caller may change its options without changing the defaults.
    search: { ...d.search, ...over.search, grid: [...(over.search?.grid ?? d.search.grid)] },
    logistic: { ...d.logistic, ...over.logistic },
  };
}

/** What a fit chose: iALS's setting and the trials behind it (none for 'logistic'). */
export interface CollaborativeChoice {
  setting: IalsSetting | null;
  trials: IalsTrial[];
}

export type ProgressLine = (message: string) => void;

/** The serving form of raw iALS factors: calibrated, cold rows filled, ids attached. */
export function servingModel(set: EmbeddingTrainingSet, f: IalsFactors, o: CollaborativeOptions): EmbeddingModel {
  // iALS's taste of someone who liked no one is exactly zero (dislikes only weigh the system, they
  // add nothing to its right-hand side), which scores every candidate alike: the mean taste of
  // those who liked someone is the better first guess, as for someone who never swiped.
  const likesGiven = new Int32Array(set.given.length);
  for (let i = 0; i < set.data.actors.length; i++) if (set.data.labels[i] >= 0.5) likesGiven[set.data.actors[i]]++;
  const model = fillColdRows(calibratedModel(set.data, f, o.ials.dim, o.ials.seed), likesGiven, set.received);
  model.userIds = Float64Array.from(set.userIds);
  return model;
}

/**
 * iALS's setting for this data (searched, or as given when the grid is empty), the training
 * options to fit with, and where to start: the chosen trial's factors, which learned all but the
 * validation likes, then `search.finishIterations` over all the data; from scratch for
 * `ials.iterations` when nothing was tried.
 */
export async function chooseIals(
  set: EmbeddingTrainingSet,
  o: CollaborativeOptions,
  log?: ProgressLine,
): Promise<{ train: CollaborativeOptions['ials']; choice: CollaborativeChoice; start: IalsFactors | null }> {
  const r = await searchIals(set.data, o.ials, o.search, (t) =>
    log?.(
      `ials trial alpha=${t.alpha} reg=${t.reg}: validation nDCG@10 ${t.ndcg.toFixed(4)} (${t.seconds.toFixed(1)} s)`,
    ),
  );
  // The chosen trial has already converged most of the way: finish from its factors.
  return {
    train: { ...o.ials, ...r.chosen, iterations: r.factors ? o.search.finishIterations : o.ials.iterations },
    choice: { setting: r.chosen, trials: r.trials },
    start: r.factors,
  };
}

/** Fits the collaborative stage on one training set (cold rows filled, user ids attached). */
export async function fitCollaborative(
  set: EmbeddingTrainingSet,
  o: CollaborativeOptions,
  log?: ProgressLine,
): Promise<{ model: EmbeddingModel; choice: CollaborativeChoice }> {
  if (o.algorithm === 'logistic') {
    const model = fillColdRows(await trainEmbeddings(set.data, o.logistic), set.given, set.received);
    model.userIds = Float64Array.from(set.userIds);
    return { model, choice: { setting: null, trials: [] } };
  }
  const { train, choice, start } = await chooseIals(set, o, log);
  const f = await trainIals(set.data, train, start ?? undefined);
  return { model: servingModel(set, f, { ...o, ials: train }), choice };
}

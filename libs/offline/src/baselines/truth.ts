import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';

/** Scores of one actor for many targets, aligned with `targets`. */
export type TruthRows = (actorId: number, targets: ArrayLike<number>) => Float32Array;

/**
 * Row form of a pair scorer that remembers its last row. The evaluator needs the truth's scores
 * of every candidate (for truth_ndcg) and so does the `truth` algorithm, for the same actor and
 * the same candidate array; the generator's scorer is the costliest of all, so it runs once.
 * Callers must not modify the returned array.
 */
export function truthRows(scorer: (actorId: number, targetId: number) => number): TruthRows {
  let lastActor = NaN;
  let lastTargets: ArrayLike<number> | null = null;
  let last = new Float32Array(0);
  return (actorId, targets) => {
    if (actorId !== lastActor || targets !== lastTargets) {
      last = new Float32Array(targets.length);
      for (let i = 0; i < targets.length; i++) last[i] = scorer(actorId, targets[i]);
      lastActor = actorId;
      lastTargets = targets;
    }
    return last;
  };
}

/**
 * The generator's hidden like probability as a ranking: the ceiling on generated markets. It
 * learns nothing; it is here so the table shows how far the others are from the truth. `name`
 * tells the variants apart (`truth`, and `truth-no-taste` without the pairwise taste part).
 */
export class TruthRecommender implements OfflineRecommender {
  constructor(
    readonly name: string,
    private readonly rows: TruthRows,
  ) {}

  /** Nothing to learn. */
  async fit(_train: TrainSet): Promise<void> {}

  /** The hidden like probability of each pair. */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    return this.rows(actor, targets);
  }

  /** The hidden probabilities are like probabilities: the ceiling of the pair metrics too. */
  likeProbabilities(actor: number, targets: ArrayLike<number>): Float32Array {
    return this.rows(actor, targets);
  }
}

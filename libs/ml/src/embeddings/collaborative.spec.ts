import type { Swipe } from '../types';
import { collaborativeOptions, DEFAULT_COLLABORATIVE_OPTIONS, fitCollaborative } from './collaborative';
import type { EmbeddingModel } from './model';
import { scorePair, sigmoid } from './model';
import { plantedMarket } from './planted';
import { buildEmbeddingTrainingSet, type EmbeddingTrainingSet } from './training-set';

/** Users 1..80 of a planted market, 997 who only disliked, 998 only swiped on, 999 in no swipe at all. */
function trainingSet(): EmbeddingTrainingSet {
  const { swipes } = plantedMarket({ nUsers: 80, swipesPerUser: 30, rank: 3, seed: 41, latentScale: 5 });
  const extra: Swipe[] = [1, 2, 3, 4, 5].map((actor, i) => ({
    actor,
    target: 998,
    type: i % 2 ? 'dislike' : 'like',
    ts: 1_800_000_000_000 + i,
  }));
  const dislikes: Swipe[] = [6, 7, 8].map((target, i) => ({
    actor: 997,
    target,
    type: 'dislike',
    ts: 1_800_000_000_100 + i,
  }));
  return buildEmbeddingTrainingSet([...swipes, ...extra, ...dislikes], [], { userIds: [999] });
}

const SMALL = {
  ials: { dim: 6, iterations: 3 },
  search: {
    grid: [
      { alpha: 1, reg: 3 },
      { alpha: 3, reg: 10 },
    ],
    users: 50,
    iterations: 2,
    validationFraction: 0.2,
  },
};

/** Mean of the rows of `m` whose `count` is positive, in float64. */
function meanOf(m: Float32Array, d: number, count: Int32Array): number[] {
  const out = new Array<number>(d).fill(0);
  let rows = 0;
  count.forEach((c, r) => {
    if (c <= 0) return;
    rows++;
    for (let k = 0; k < d; k++) out[k] += m[r * d + k];
  });
  return out.map((x) => x / rows);
}

function row(m: Float32Array, d: number, r: number): number[] {
  return Array.from(m.subarray(r * d, (r + 1) * d));
}

function expectClose(got: number[], want: number[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
}

/** Likes given per row: iALS fills the taste of those with none (the logistic trainer of those with no swipe). */
function likesGiven(set: EmbeddingTrainingSet): Int32Array {
  const out = new Int32Array(set.given.length);
  set.data.actors.forEach((a, i) => (out[a] += set.data.labels[i] >= 0.5 ? 1 : 0));
  return out;
}

/** Shape, ids and the cold rows of a fitted model; `warm` counts what makes a row's taste trained. */
function expectServable(model: EmbeddingModel, set: EmbeddingTrainingSet, dim: number, warm = set.given): void {
  const n = set.userIds.length;
  expect(model.dim).toBe(dim);
  expect(model.taste).toHaveLength(n * dim);
  expect(model.appeal).toHaveLength(n * dim);
  expect(model.appealBias).toHaveLength(n);
  expect(Array.from(model.userIds!)).toEqual(set.userIds);
  const cold = set.indexOf.get(999)!;
  const receiver = set.indexOf.get(998)!;
  expect(set.given[cold] + set.received[cold] + set.given[receiver]).toBe(0);
  // Who never swiped gets the mean taste of those who did; who was never swiped on the mean appeal and bias.
  const meanTaste = meanOf(model.taste, dim, warm);
  expectClose(row(model.taste, dim, cold), meanTaste);
  expectClose(row(model.taste, dim, receiver), meanTaste);
  expectClose(row(model.appeal, dim, cold), meanOf(model.appeal, dim, set.received));
  const bias = Array.from(model.appealBias).filter((_, i) => set.received[i] > 0);
  expect(model.appealBias[cold]).toBeCloseTo(bias.reduce((s, b) => s + b, 0) / bias.length, 5);
  // 998 was swiped on: their appeal is trained, not the mean.
  expect(row(model.appeal, dim, receiver)).not.toEqual(row(model.appeal, dim, cold));
  expect(model.taste.every(Number.isFinite)).toBe(true);
  expect(model.appeal.every(Number.isFinite)).toBe(true);
  expect(model.appealBias.every(Number.isFinite)).toBe(true);
}

describe('collaborativeOptions', () => {
  it('is the defaults without overrides, as a copy', () => {
    const o = collaborativeOptions();
    expect(o).toEqual(DEFAULT_COLLABORATIVE_OPTIONS);
    expect(o).not.toBe(DEFAULT_COLLABORATIVE_OPTIONS);
    expect(o.ials).not.toBe(DEFAULT_COLLABORATIVE_OPTIONS.ials);
    expect(o.search).not.toBe(DEFAULT_COLLABORATIVE_OPTIONS.search);
  });

  it('merges overrides one level deep', () => {
    const o = collaborativeOptions({ ials: { dim: 8 }, search: { budgetSeconds: 1 }, logistic: { epochs: 2 } });
    expect(o.algorithm).toBe('ials');
    expect(o.ials).toEqual({ ...DEFAULT_COLLABORATIVE_OPTIONS.ials, dim: 8 });
    expect(o.search).toEqual({ ...DEFAULT_COLLABORATIVE_OPTIONS.search, budgetSeconds: 1 });
    expect(o.search.grid).toEqual(DEFAULT_COLLABORATIVE_OPTIONS.search.grid);
    expect(o.logistic).toEqual({ epochs: 2 });
    // The defaults themselves are untouched.
    expect(DEFAULT_COLLABORATIVE_OPTIONS.ials.dim).toBe(64);
    expect(DEFAULT_COLLABORATIVE_OPTIONS.search.budgetSeconds).toBe(20);
    expect(DEFAULT_COLLABORATIVE_OPTIONS.logistic).toEqual({});
  });

  it('replaces the grid as a whole and takes the algorithm', () => {
    const o = collaborativeOptions({ algorithm: 'logistic', search: { grid: [] } });
    expect(o.algorithm).toBe('logistic');
    expect(o.search.grid).toEqual([]);
    expect(o.search.users).toBe(DEFAULT_COLLABORATIVE_OPTIONS.search.users);
    expect(o.ials).toEqual(DEFAULT_COLLABORATIVE_OPTIONS.ials);
  });
});

describe('fitCollaborative', () => {
  it("fits 'ials' with a searched setting: calibrated, cold rows filled, ids attached", async () => {
    const set = trainingSet();
    const o = collaborativeOptions(SMALL);
    const lines: string[] = [];
    const { model, choice } = await fitCollaborative(set, o, (l) => lines.push(l));
    expectServable(model, set, 6, likesGiven(set));
    // 997 only disliked: iALS gives them the mean taste of those who liked someone, not zero.
    const onlyDisliked = set.indexOf.get(997)!;
    expect(row(model.taste, 6, onlyDisliked)).toEqual(row(model.taste, 6, set.indexOf.get(999)!));
    expect(row(model.taste, 6, onlyDisliked).some((x) => x !== 0)).toBe(true);
    expect(SMALL.search.grid).toContainEqual(choice.setting);
    expect(choice.trials.map((t) => ({ alpha: t.alpha, reg: t.reg }))).toEqual(SMALL.search.grid);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ials trial alpha=1 reg=3: validation nDCG@10 \d\.\d{4} \(\d+\.\d s\)$/);
    // The scores are calibrated logits: their mean probability over the swipes is the like rate.
    const { data } = set;
    let p = 0;
    let likes = 0;
    for (let i = 0; i < data.actors.length; i++) {
      p += sigmoid(scorePair(model, data.actors[i], data.targets[i]));
      likes += data.labels[i];
    }
    expect(p / data.actors.length).toBeCloseTo(likes / data.actors.length, 2);
  });

  it('trains with the options own alpha and reg when the grid is empty', async () => {
    const set = trainingSet();
    const o = collaborativeOptions({ ...SMALL, ials: { ...SMALL.ials, alpha: 2, reg: 5 }, search: { grid: [] } });
    const { model, choice } = await fitCollaborative(set, o);
    expect(choice).toEqual({ setting: { alpha: 2, reg: 5 }, trials: [] });
    expectServable(model, set, 6, likesGiven(set));
  });

  it('is deterministic', async () => {
    const o = collaborativeOptions(SMALL);
    const a = await fitCollaborative(trainingSet(), o);
    const b = await fitCollaborative(trainingSet(), o);
    expect(b.model).toEqual(a.model);
    expect(b.choice.setting).toEqual(a.choice.setting);
  });

  it("fits 'logistic' without a setting", async () => {
    const set = trainingSet();
    const o = collaborativeOptions({ algorithm: 'logistic', logistic: { dim: 5, epochs: 2 } });
    const lines: string[] = [];
    const { model, choice } = await fitCollaborative(set, o, (l) => lines.push(l));
    expect(choice).toEqual({ setting: null, trials: [] });
    expectServable(model, set, 5);
    expect(lines).toEqual([]);
  });
});

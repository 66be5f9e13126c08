import { isPositiveSwipe } from '@app/contracts';
import { SeededRandom } from '../primitives/seeded-random';
import { calibratedModel, plattFit } from './calibrate';
import type { EmbeddingTrainingData } from './model';
import { scorePair, sigmoid } from './model';
import { plantedMarket } from './planted';
import { buildEmbeddingTrainingSet } from './training-set';
import { type IalsTrainOptions, trainIals } from './train-ials';

const IALS: IalsTrainOptions = { dim: 6, iterations: 4, alpha: 3, reg: 10, cgSteps: 3, seed: 1, initScale: 0.1 };

/** Scores ~ N(0, 1.5²) and labels drawn from sigmoid(scale·s + bias). */
function drawn(scale: number, bias: number, count: number, seed: number): { scores: number[]; labels: number[] } {
  const rng = new SeededRandom(seed);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = rng.normal() * 1.5;
    scores.push(s);
    labels.push(rng.chance(sigmoid(scale * s + bias)) ? 1 : 0);
  }
  return { scores, labels };
}

/** The training data of a planted market (users 1..nUsers), optionally its likes only. */
function plantedData(nUsers: number, likesOnly = false): EmbeddingTrainingData {
  const { swipes } = plantedMarket({ nUsers, swipesPerUser: 30, rank: 3, seed: 23 });
  const kept = likesOnly ? swipes.filter((s) => isPositiveSwipe(s.type)) : swipes;
  return buildEmbeddingTrainingSet(kept, [], { userIds: Array.from({ length: nUsers }, (_, i) => i + 1) }).data;
}

function meanLogLoss(probabilities: number[], labels: ArrayLike<number>): number {
  let s = 0;
  probabilities.forEach((p, i) => (s -= labels[i] >= 0.5 ? Math.log(p) : Math.log(1 - p)));
  return s / probabilities.length;
}

describe('plattFit', () => {
  it.each([
    [1.5, -0.5],
    [0.7, 1.2],
    [-2, 0.3],
  ])('recovers scale %p and bias %p from labels drawn with them', (scale, bias) => {
    const { scores, labels } = drawn(scale, bias, 8000, 7);
    const fit = plattFit(scores, labels);
    expect(Math.abs(fit.scale - scale)).toBeLessThan(0.1);
    expect(Math.abs(fit.bias - bias)).toBeLessThan(0.1);
  });

  it('matches the mean prediction to the label rate (the bias equation)', () => {
    const { scores, labels } = drawn(1, -1, 3000, 3);
    const fit = plattFit(scores, labels);
    const mean = scores.reduce((s, x) => s + sigmoid(fit.scale * x + fit.bias), 0) / scores.length;
    const rate = labels.reduce((s, y) => s + y, 0) / labels.length;
    expect(mean).toBeCloseTo(rate, 6);
  });

  it('stays finite on separable data', () => {
    const scores = [-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2];
    const fit = plattFit(scores, [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Number.isFinite(fit.scale)).toBe(true);
    expect(Number.isFinite(fit.bias)).toBe(true);
    expect(fit.scale).toBeGreaterThan(1);
  });
});

describe('calibratedModel', () => {
  it('turns scores into logits whose mean probability on the training swipes is the like rate', async () => {
    const data = plantedData(120);
    const f = await trainIals(data, IALS);
    const before = { taste: f.taste.slice(), appeal: f.appeal.slice() };
    const model = calibratedModel(data, f, IALS.dim, 1);
    // The factors are left as they were and the model holds copies.
    expect(f).toEqual(before);
    expect(model.taste).not.toBe(f.taste);
    expect(model.appeal).not.toBe(f.appeal);

    const m = data.actors.length;
    const p = Array.from({ length: m }, (_, i) => sigmoid(scorePair(model, data.actors[i], data.targets[i])));
    const rate = data.labels.reduce((s, y) => s + y, 0) / m;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.8);
    expect(p.reduce((s, x) => s + x, 0) / m).toBeCloseTo(rate, 3);
    // Informative scores: better than predicting the like rate for every pair.
    expect(meanLogLoss(p, data.labels)).toBeLessThan(meanLogLoss(new Array<number>(m).fill(rate), data.labels) - 0.02);

    // taste is scaled by one positive factor, appeal is unchanged, the bias is one constant.
    expect(model.dim).toBe(IALS.dim);
    expect(model.appeal).toEqual(f.appeal);
    expect(model.appealBias.length).toBe(data.nUsers);
    expect(new Set(model.appealBias).size).toBe(1);
    let k = 0;
    while (f.taste[k] === 0) k++;
    const scale = model.taste[k] / f.taste[k];
    expect(scale).toBeGreaterThan(0);
    for (let i = 0; i < f.taste.length; i++)
      expect(Math.abs(model.taste[i] - f.taste[i] * scale)).toBeLessThanOrEqual(1e-6 * Math.abs(model.taste[i]));
    expect(model.taste.length).toBe(f.taste.length);
  });

  it('is deterministic', async () => {
    const data = plantedData(60, true);
    const f = await trainIals(data, IALS);
    expect(calibratedModel(data, f, IALS.dim, 4)).toEqual(calibratedModel(data, f, IALS.dim, 4));
  });

  it('fits against sampled unswiped pairs when the data has likes only', async () => {
    const data = plantedData(120, true);
    expect(data.labels.every((y) => y === 1)).toBe(true);
    const f = await trainIals(data, IALS);
    const model = calibratedModel(data, f, IALS.dim, 3);
    let k = 0;
    while (f.taste[k] === 0) k++;
    const scale = model.taste[k] / f.taste[k];
    expect(scale).toBeGreaterThan(0);
    expect(Number.isFinite(model.appealBias[0])).toBe(true);
    expect(new Set(model.appealBias).size).toBe(1);
    // The likes are more likely than pairs never swiped, and not all certain.
    const observed = new Set(Array.from(data.actors, (a, i) => a * data.nUsers + data.targets[i]));
    const rng = new SeededRandom(5);
    let liked = 0;
    let other = 0;
    let count = 0;
    for (let i = 0; i < data.actors.length; i++) liked += sigmoid(scorePair(model, data.actors[i], data.targets[i]));
    liked /= data.actors.length;
    while (count < 2000) {
      const u = rng.int(data.nUsers);
      const v = rng.int(data.nUsers);
      if (u === v || observed.has(u * data.nUsers + v)) continue;
      other += sigmoid(scorePair(model, u, v));
      count++;
    }
    other /= count;
    expect(liked).toBeGreaterThan(other + 0.1);
    expect(liked).toBeLessThan(0.99);
  });

  it('keeps the scores as they are when there is no like at all', async () => {
    const data = plantedData(60);
    const dislikes: EmbeddingTrainingData = { ...data, labels: new Float32Array(data.labels.length) };
    // Factors trained on the data with its likes, so they are not zero.
    const f = await trainIals(data, IALS);
    const model = calibratedModel(dislikes, f, IALS.dim, 1);
    expect(model.taste).toEqual(f.taste);
    expect(model.taste).not.toBe(f.taste);
    expect(model.appeal).toEqual(f.appeal);
    expect(model.appealBias).toEqual(new Float32Array(data.nUsers));
    expect(f.taste.some((x) => x !== 0)).toBe(true);
  });
});

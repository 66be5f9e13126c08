import * as tf from '@tensorflow/tfjs';
import { initTf, withTfBackend } from '../tf/backend';
import { SeededRandom } from '../primitives/seeded-random';
import type { EmbeddingBatch, EmbeddingParams } from './train-tfjs';
import { embeddingBatchLoss, embeddingHandGradients } from './train-tfjs';

// A tiny problem with repeated actors and targets, so the scatter must sum duplicate rows;
// users 7 and 8 appear in no example.
const N = 9;
const D = 3;
const L2 = 0.05;
const rng = new SeededRandom(42);
const taste = Float32Array.from({ length: N * D }, () => rng.normal());
const appeal = Float32Array.from({ length: N * D }, () => rng.normal());
const bias = Float32Array.from({ length: N }, () => rng.normal() * 0.5);
const actors = Int32Array.from([0, 1, 1, 2, 3, 3, 3, 4, 5, 6, 0, 2]);
const targets = Int32Array.from([1, 2, 2, 0, 4, 5, 6, 6, 6, 0, 3, 1]);
const labels = Float32Array.from([1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0]);
const weights = Float32Array.from([1, 2, 0.1, 3, 1, 1, 0.5, 1, 2, 0.25, 1, 1]);

function batch(): EmbeddingBatch {
  return {
    actors: tf.tensor1d(actors, 'int32'),
    targets: tf.tensor1d(targets, 'int32'),
    labels: tf.tensor1d(labels),
    weights: tf.tensor1d(weights),
  };
}

function params(): EmbeddingParams {
  return { taste: tf.tensor2d(taste, [N, D]), appeal: tf.tensor2d(appeal, [N, D]), appealBias: tf.tensor1d(bias) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** tf's automatic gradient of the gather-based loss; only cpu has gather's gradient kernel. */
async function autoGradients(): Promise<{
  taste: Float32Array;
  appeal: Float32Array;
  appealBias: Float32Array;
  loss: number;
}> {
  return withTfBackend('cpu', () => {
    const p = params();
    const vars = { taste: tf.variable(p.taste), appeal: tf.variable(p.appeal), appealBias: tf.variable(p.appealBias) };
    const b = batch();
    const { value, grads } = tf.variableGrads(
      () => embeddingBatchLoss(vars, b, L2),
      [vars.taste, vars.appeal, vars.appealBias],
    );
    const out = {
      taste: grads[vars.taste.name].dataSync() as Float32Array,
      appeal: grads[vars.appeal.name].dataSync() as Float32Array,
      appealBias: grads[vars.appealBias.name].dataSync() as Float32Array,
      loss: value.dataSync()[0],
    };
    tf.dispose([value, ...Object.values(grads), ...Object.values(vars), ...Object.values(p), ...Object.values(b)]);
    return out;
  });
}

function handGradients(): { taste: Float32Array; appeal: Float32Array; appealBias: Float32Array; loss: number } {
  const p = params();
  const b = batch();
  const g = embeddingHandGradients(p, b, L2);
  const out = {
    taste: g.taste.dataSync() as Float32Array,
    appeal: g.appeal.dataSync() as Float32Array,
    appealBias: g.appealBias.dataSync() as Float32Array,
    loss: g.loss.dataSync()[0],
  };
  tf.dispose([...Object.values(g), ...Object.values(p), ...Object.values(b)]);
  return out;
}

describe('hand-written embedding gradients', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('match tf automatic gradients through gather on cpu (max abs diff < 1e-5)', async () => {
    const auto = await autoGradients();
    const hand = await withTfBackend('cpu', handGradients);
    expect(maxAbsDiff(hand.taste, auto.taste)).toBeLessThan(1e-5);
    expect(maxAbsDiff(hand.appeal, auto.appeal)).toBeLessThan(1e-5);
    expect(maxAbsDiff(hand.appealBias, auto.appealBias)).toBeLessThan(1e-5);
    // The gradients are not trivially zero: the check compares something.
    expect(Math.max(...Array.from(auto.taste, Math.abs))).toBeGreaterThan(0.1);
  });

  it('match them too when computed on the training backend (wasm, GatherNd path)', async () => {
    const auto = await autoGradients();
    const hand = handGradients();
    expect(tf.getBackend()).toBe('wasm');
    expect(maxAbsDiff(hand.taste, auto.taste)).toBeLessThan(1e-5);
    expect(maxAbsDiff(hand.appeal, auto.appeal)).toBeLessThan(1e-5);
    expect(maxAbsDiff(hand.appealBias, auto.appealBias)).toBeLessThan(1e-5);
  });

  it('report the weighted log loss (the autograd loss minus its L2 term)', async () => {
    const auto = await autoGradients();
    const hand = handGradients();
    let reg = 0;
    for (let i = 0; i < actors.length; i++) {
      const u = actors[i];
      const v = targets[i];
      for (let k = 0; k < D; k++) reg += taste[u * D + k] ** 2 + appeal[v * D + k] ** 2;
      reg += bias[v] ** 2;
    }
    expect(hand.loss).toBeCloseTo(auto.loss - L2 * reg, 4);
  });

  it('leave rows that no example touches at zero gradient', () => {
    const hand = handGradients();
    for (const i of [7, 8]) {
      expect(hand.appealBias[i]).toBe(0);
      for (let k = 0; k < D; k++) {
        expect(hand.appeal[i * D + k]).toBe(0);
        expect(hand.taste[i * D + k]).toBe(0);
      }
    }
    // ...while a touched row does move.
    expect(Math.abs(hand.appealBias[6])).toBeGreaterThan(0);
  });
});

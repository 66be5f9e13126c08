/**
 * Where iALS's dense work should run: TensorFlow.js or a plain loop, on the same numbers (not a
 * test: run it by hand).
 *
 *   npx ts-node -T libs/ml/src/embeddings/ials.bench.ts [rows] [dim]   # default 100000 64
 *
 * A half-step's dense work is the Gram matrix YᵀY (rows x dim)ᵀ(rows x dim) and, per CG step,
 * every search direction times that d x d matrix: (rows x dim)·(dim x dim). Both are timed on
 * the TensorFlow.js backend initTf picks (wasm here) and on typed arrays, three times each, with
 * the largest difference between the two results printed as a check. train-ials.ts uses the
 * faster of each: TensorFlow.js for the Gram matrix, typed arrays for the product.
 */
import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/backend';
import { SeededRandom } from '../primitives/seeded-random';
import { gramMatrix } from './train-ials';

function typedGramMatrix(m: Float32Array, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < m.length / d; r++) {
    const o = r * d;
    for (let a = 0; a < d; a++) {
      const va = m[o + a];
      for (let b = a; b < d; b++) g[a * d + b] += va * m[o + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

function typedTimes(p: Float32Array, g: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += p[o + a] * g[a * d + b];
      out[o + b] = s;
    }
  }
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  return m;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const d = Number(process.argv[3] ?? 64);
  console.log(`backend: ${await initTf()}; ${rows} rows x ${d}`);
  const rng = new SeededRandom(1);
  const y = new Float32Array(rows * d).map(() => rng.normal() * 0.1);
  const g = new Float32Array(d * d).map(() => rng.normal());
  for (let rep = 1; rep <= 3; rep++) {
    const [tfGram, tfGramMs] = timed(() => gramMatrix(y, d));
    const [typedGram, typedGramMs] = timed(() => typedGramMatrix(y, d));
    const [tfProduct, tfProductMs] = timed(() =>
      tf.tidy(() => tf.matMul(tf.tensor2d(y, [rows, d]), tf.tensor2d(g, [d, d])).dataSync()),
    );
    const [typedProduct, typedProductMs] = timed(() => typedTimes(y, g, rows, d));
    console.log(
      `run ${rep}: gram tfjs ${tfGramMs.toFixed(0)} ms, typed ${typedGramMs.toFixed(0)} ms (max rel diff ${maxDiff(typedGram, tfGram).toExponential(1)}); ` +
        `P·G tfjs ${tfProductMs.toFixed(0)} ms, typed ${typedProductMs.toFixed(0)} ms (max rel diff ${maxDiff(typedProduct, tfProduct).toExponential(1)})`,
    );
  }
}

void main();

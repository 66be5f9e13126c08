/**
 * Train/test splits over the deduplicated interactions (one per actor-target pair, so a pair can
 * never be on both sides). Both return a mask: 1 = test, 0 = train.
 */
import { SeededRandom } from '@app/ml/primitives/seeded-random';

export type SplitKind = 'random' | 'temporal';

/** Number of test rows for `n` rows and a test fraction in (0, 1). */
export function testCount(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`test fraction must be in (0, 1), got ${fraction}`);
  return Math.round(n * fraction);
}

/** Uniformly random split with exactly round(n * fraction) test rows, reproducible from `seed`. */
export function randomSplit(n: number, fraction: number, seed: number): Uint8Array {
  const mask = new Uint8Array(n);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  new SeededRandom(seed).shuffle(idx);
  const m = testCount(n, fraction);
  for (let i = 0; i < m; i++) mask[idx[i]] = 1;
  return mask;
}

/**
 * The latest round(n * fraction) rows by timestamp are test; equal timestamps keep input order,
 * so every train row is no later than every test row. Every timestamp must be a number.
 */
export function temporalSplit(ts: ArrayLike<number>, fraction: number): Uint8Array {
  const n = ts.length;
  for (let i = 0; i < n; i++)
    if (Number.isNaN(ts[i])) throw new RangeError(`row ${i} has no timestamp; a temporal split needs one on every row`);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => ts[a] - ts[b] || a - b);
  const mask = new Uint8Array(n);
  for (let i = n - testCount(n, fraction); i < n; i++) mask[idx[i]] = 1;
  return mask;
}

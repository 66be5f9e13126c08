/**
 * Seeded randomness. Evaluation results must be reproducible from `--seed` alone, so nothing here
 * touches Math.random.
 */

// Module-level alias: under jest every global lookup (Math) inside a hot loop costs ~1 us, since
// test code runs in a vm context whose globals are intercepted.
const imul = Math.imul;

/** mulberry32: a small, fast 32-bit PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [0, 1) determined by the inputs alone (order-independent, unlike a stream). */
export function hashUnit(seed: number, a: number, b: number): number {
  let h = imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ imul(a | 0, 0xc2b2ae35) ^ imul((b | 0) ^ 0x27d4eb2f, 0x165667b1);
  // Ids may exceed 32 bits; fold the high part in too (exact below 2^53, as ids are).
  h ^= imul((a / 4294967296) | 0, 0x2545f491) ^ imul((b / 4294967296) | 0, 0x9e3779b1);
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Fisher-Yates shuffle in place with the given random source. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(arr: T, rand: () => number): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}

/** `m` distinct items of `items` chosen uniformly with the given random source, in input order. */
export function sampleWithoutReplacement<T>(items: readonly T[], m: number, rand: () => number): T[] {
  if (m >= items.length) return items.slice();
  const idx = Uint32Array.from(items.keys());
  shuffleInPlace(idx, rand);
  const chosen = Array.from(idx.subarray(0, m)).sort((a, b) => a - b);
  return chosen.map((i) => items[i]);
}

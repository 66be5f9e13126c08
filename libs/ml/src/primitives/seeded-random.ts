/**
 * The one seeded random generator (mulberry32), for training, evaluation, the market generator
 * and test data alike. Math.random is never used where results must repeat: it cannot be seeded.
 */

// Math functions are bound once at module level: inside jest's vm context every lookup of a
// global such as `Math` in a hot loop costs ~100x more (measured), and in Node it is free anyway.
const { imul, floor, sqrt, log, sin, cos, exp, round, max, PI } = Math;

/** Mixes 32-bit words into a well-spread 32-bit hash (murmur3 finaliser). */
export function mix32(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    h = imul(h ^ (w >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
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

/** A seeded stream of uniform numbers with the few distributions the project draws from. */
export class SeededRandom {
  private state: number;
  private spare = NaN;

  /**
   * One seed, or several words (seed, stream, index...) so that sub-streams are independent.
   * The seed is mixed, so nearby seeds (1, 2, 3) do not start on correlated streams.
   */
  constructor(...seedWords: number[]) {
    this.state =
      seedWords.length === 1
        ? (imul((seedWords[0] | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x2545f491) >>> 0
        : mix32(...seedWords, seedWords.length);
  }

  /** Next uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Box-Muller, keeping the second value). */
  normal(): number {
    if (this.spare === this.spare) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = sqrt(-2 * log(u));
    this.spare = r * sin(2 * PI * v);
    return r * cos(2 * PI * v);
  }

  /** Lognormal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * exp(sigma * this.normal());
  }

  /** Poisson count (Knuth's method for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return max(0, round(mean + sqrt(mean) * this.normal()));
    const limit = exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Geometric count >= 1 with the given mean. */
  geometric(mean: number): number {
    if (mean <= 1) return 1;
    const q = 1 - 1 / mean;
    return 1 + floor(log(1 - this.next()) / log(q));
  }

  /** Picks an item of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks an index with probability proportional to `weights`. */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i];
    let x = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher-Yates shuffle of `arr` in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** `m` distinct items of `items` chosen uniformly, in input order. */
  sample<T>(items: readonly T[], m: number): T[] {
    if (m >= items.length) return items.slice();
    const idx = this.shuffle(Uint32Array.from(items.keys()));
    const chosen = Array.from(idx.subarray(0, m)).sort((a, b) => a - b);
    return chosen.map((i) => items[i]);
  }
}

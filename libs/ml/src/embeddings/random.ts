/**
 * Seeded randomness for training: initialisation, shuffling and negative sampling all draw from
 * one stream so that a seed fixes the whole run (and both engines see the very same batches).
 */

// Math functions are bound once at module level: inside jest's vm context every lookup of a
// global such as `Math` in a hot loop costs ~100x more (measured), and in Node it is free anyway.
const { imul, floor, sqrt, log, sin, cos, PI } = Math;

/** A mulberry32 stream with the few draws training needs. */
export class SeededRandom {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds (1, 2, 3) do not start on correlated streams.
    this.state = (imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x2545f491) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** A standard normal draw (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = sqrt(-2 * log(u));
    this.spare = r * sin(2 * PI * v);
    return r * cos(2 * PI * v);
  }

  /** Fisher-Yates shuffle of `arr` in place. */
  shuffle<T extends { length: number; [i: number]: number }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }
}

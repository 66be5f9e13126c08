/**
 * Typed-array stores for the simulation: a hash map of decided (actor, target) pairs, per-person
 * queues of pending likes, and a growable swipe buffer. A JS Set/Map caps at 2^24 entries and
 * costs ~50 bytes a pair; a million-user market holds tens of millions of pairs.
 */

/** Swipe type codes in the stores (0 means "no decision"). */
export const LIKE = 1;
export const SUPER_LIKE = 2;
export const DISLIKE = 3;
export const BLOCK = 4;
/** Code -> CSV name. */
export const TYPE_NAMES = ['', 'like', 'super_like', 'dislike', 'block'] as const;

/** Person indices must fit in 20 bits so a pair key fits exactly in a double. */
const SHIFT = 1_048_576;

/** Open-addressing hash map from (actor, target) index pairs to a swipe type code. */
export class PairMap {
  private keys: Float64Array;
  private values: Uint8Array;
  private mask: number;
  size = 0;

  constructor(expected = 1 << 16) {
    let cap = 1 << 10;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.values = new Uint8Array(cap);
    this.mask = cap - 1;
  }

  private static slot(a: number, b: number): number {
    let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 12)) >>> 0;
  }

  /** The type code a decided on b, or 0. */
  get(a: number, b: number): number {
    const key = (a + 1) * SHIFT + (b + 1);
    for (let s = PairMap.slot(a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.keys[s];
      if (k === key) return this.values[s];
      if (k === 0) return 0;
    }
  }

  /** Records that a decided `code` on b (overwrites). */
  set(a: number, b: number, code: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const key = (a + 1) * SHIFT + (b + 1);
    for (let s = PairMap.slot(a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.keys[s];
      if (k === key || k === 0) {
        if (k === 0) this.size++;
        this.keys[s] = key;
        this.values[s] = code;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Uint8Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let s = 0; s < keys.length; s++) {
      const k = keys[s];
      if (k !== 0) {
        const a = Math.floor(k / SHIFT) - 1;
        this.set(a, k - (a + 1) * SHIFT - 1, values[s]);
      }
    }
  }
}

/** Checks that `n` people fit the pair key layout. */
export function assertPairCapacity(n: number): void {
  if (n >= SHIFT - 1) throw new Error(`at most ${SHIFT - 2} people fit a PairMap`);
}

/** Per-person FIFO queues of (liker, time) in shared typed arrays: who liked me, oldest first. */
export class LikeQueues {
  private head: Int32Array;
  private tail: Int32Array;
  private liker = new Int32Array(1 << 16);
  private time = new Float64Array(1 << 16);
  private next = new Int32Array(1 << 16);
  private used = 0;

  constructor(people: number) {
    this.head = new Int32Array(people).fill(-1);
    this.tail = new Int32Array(people).fill(-1);
  }

  /** Appends "liker liked owner at ms". */
  push(owner: number, liker: number, ms: number): void {
    if (this.used === this.liker.length) {
      this.liker = growInt(this.liker);
      this.next = growInt(this.next);
      const t = new Float64Array(this.time.length * 2);
      t.set(this.time);
      this.time = t;
    }
    const node = this.used++;
    this.liker[node] = liker;
    this.time[node] = ms;
    this.next[node] = -1;
    if (this.tail[owner] < 0) this.head[owner] = node;
    else this.next[this.tail[owner]] = node;
    this.tail[owner] = node;
  }

  /** Removes and returns the oldest liker of owner who liked at or before `ms`, or -1. */
  pop(owner: number, ms: number): number {
    const node = this.head[owner];
    if (node < 0 || this.time[node] > ms) return -1;
    this.head[owner] = this.next[node];
    if (this.head[owner] < 0) this.tail[owner] = -1;
    return this.liker[node];
  }
}

function growInt(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** One day of swipes (column arrays), sortable by time with insertion order breaking ties. */
export class SwipeBuffer {
  actor = new Int32Array(1 << 14);
  target = new Int32Array(1 << 14);
  type = new Uint8Array(1 << 14);
  ts = new Float64Array(1 << 14);
  length = 0;

  /** Appends one swipe. */
  push(actor: number, target: number, type: number, ts: number): void {
    if (this.length === this.actor.length) this.grow();
    const i = this.length++;
    this.actor[i] = actor;
    this.target[i] = target;
    this.type[i] = type;
    this.ts[i] = ts;
  }

  /** Indices 0..length-1 ordered by (ts, insertion). */
  order(): Uint32Array {
    const idx = new Uint32Array(this.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const ts = this.ts;
    return idx.sort((x, y) => ts[x] - ts[y] || x - y);
  }

  /** Empties the buffer, keeping its capacity. */
  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const n = this.actor.length * 2;
    const actor = new Int32Array(n);
    actor.set(this.actor);
    const target = new Int32Array(n);
    target.set(this.target);
    const type = new Uint8Array(n);
    type.set(this.type);
    const ts = new Float64Array(n);
    ts.set(this.ts);
    Object.assign(this, { actor, target, type, ts });
  }
}

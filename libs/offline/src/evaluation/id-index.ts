/**
 * Id -> position lookup for algorithms. User ids are usually small dense integers, where a typed
 * array beats a Map by an order of magnitude; scoring calls this tens of millions of times.
 */
export class IdIndex {
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;

  /** Positions follow the order of `ids`. */
  constructor(readonly ids: ArrayLike<number>) {
    let max = -1;
    let small = true;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0) small = false;
      else if (id > max) max = id;
    }
    // A table is worth it while it stays within a small multiple of the id count.
    if (small && max < 4 * ids.length + 1024) {
      this.table = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < ids.length; i++) this.table[ids[i]] = i;
      this.map = null;
    } else {
      this.table = null;
      this.map = new Map();
      for (let i = 0; i < ids.length; i++) this.map.set(ids[i], i);
    }
  }

  /** Number of ids. */
  get size(): number {
    return this.ids.length;
  }

  /** Position of `id`, or -1 when unknown. */
  indexOf(id: number): number {
    // (id | 0) === id instead of Number.isInteger: no global lookup in this hot path (slow under jest).
    if (this.table) return id >= 0 && id < this.table.length && (id | 0) === id ? this.table[id] : -1;
    return this.map!.get(id) ?? -1;
  }
}

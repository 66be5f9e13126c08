import type { AggregateRow } from '@app/db';
import type { StoredAggregates } from '../features/feature-rows';

/** Numbers kept per user, in this order. */
const FIELDS = 7;
const [LIKES_GIVEN, DISLIKES_GIVEN, LIKES_RECEIVED, DISLIKES_RECEIVED, MATCHES, LAST_SWIPE_MS, COMPUTED_MS] = [
  0, 1, 2, 3, 4, 5, 6,
];

/**
 * The stored aggregates of every user, packed: one Float64Array of seven numbers per user and
 * a Map from user id to row (its values are small integers, which the Map holds in place).
 * Kept as an object per user, 100k users were 300k heap objects (the object and its two
 * timestamps, which do not fit a small integer) for every full garbage collection to mark: a
 * forced full collection of the feature service's heap took 113 ms with them against 84 ms
 * without (measured in process on the bench market), and under load those collections were
 * the feature store's longest pauses. `get` builds the object a caller reads, which dies young.
 */
export class AggregatesTable {
  private values: Float64Array;
  private readonly rowOf = new Map<number, number>();

  constructor(expectedRows = 0) {
    this.values = new Float64Array(Math.max(16, expectedRows) * FIELDS);
  }

  get size(): number {
    return this.rowOf.size;
  }

  /** Stores (or replaces) a user's row. */
  set(r: AggregateRow): void {
    let row = this.rowOf.get(r.user_id);
    if (row === undefined) {
      row = this.rowOf.size;
      if ((row + 1) * FIELDS > this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.rowOf.set(r.user_id, row);
    }
    const v = this.values;
    const at = row * FIELDS;
    v[at + LIKES_GIVEN] = r.likes_given;
    v[at + DISLIKES_GIVEN] = r.dislikes_given;
    v[at + LIKES_RECEIVED] = r.likes_received;
    v[at + DISLIKES_RECEIVED] = r.dislikes_received;
    v[at + MATCHES] = r.matches;
    v[at + LAST_SWIPE_MS] = r.last_swipe_at ? r.last_swipe_at.getTime() : NaN;
    v[at + COMPUTED_MS] = r.computed_at.getTime();
  }

  /**
   * Drops a (deleted) user's row: the last row moves into its place, so rows stay dense, and the
   * freed numbers are zeroed. Finding the last row's user is a scan of the Map: deletions are rare.
   */
  remove(userId: number): boolean {
    const row = this.rowOf.get(userId);
    if (row === undefined) return false;
    const last = this.rowOf.size - 1;
    this.rowOf.delete(userId);
    if (row !== last) {
      for (const [id, r] of this.rowOf)
        if (r === last) {
          this.rowOf.set(id, row);
          break;
        }
      this.values.copyWithin(row * FIELDS, last * FIELDS, (last + 1) * FIELDS);
    }
    this.values.fill(0, last * FIELDS, (last + 1) * FIELDS);
    return true;
  }

  /** Every user with a row. */
  ids(): IterableIterator<number> {
    return this.rowOf.keys();
  }

  /** The user's row as StoredAggregates (a new object each call), or undefined when none is stored. */
  get(userId: number): StoredAggregates | undefined {
    const row = this.rowOf.get(userId);
    if (row === undefined) return undefined;
    const v = this.values;
    const at = row * FIELDS;
    const last = v[at + LAST_SWIPE_MS];
    return {
      likes_given: v[at + LIKES_GIVEN],
      dislikes_given: v[at + DISLIKES_GIVEN],
      likes_received: v[at + LIKES_RECEIVED],
      dislikes_received: v[at + DISLIKES_RECEIVED],
      matches: v[at + MATCHES],
      last_swipe_ms: Number.isNaN(last) ? null : last,
      computed_ms: v[at + COMPUTED_MS],
    };
  }
}

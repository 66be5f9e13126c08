/**
 * A viewer's eligible pool as references to rows of the profile table's buckets (bucket.ts),
 * with each member's distance from the viewer. The arms score the pool from the buckets'
 * columns, which the scan has just read, rather than from each member's profile object: those
 * objects lie scattered over the heap, and reading them cost most of candidate generation's
 * time (profiled: the first field read of each one, and its interest ids, were cache misses).
 */
import { haversineKm } from '../features/geo';
import { Bucket } from './bucket';
import { type CandidateProfile, hasLocation } from './profile';

export class PoolRows {
  readonly buckets: Bucket[] = [];
  readonly rows: number[] = [];
  /** Each member's distance from the viewer in km; NaN when either location is unknown. */
  readonly km: number[] = [];

  get size(): number {
    return this.rows.length;
  }

  add(bucket: Bucket, row: number, km: number): void {
    this.buckets.push(bucket);
    this.rows.push(row);
    this.km.push(km);
  }

  id(k: number): number {
    return this.buckets[k].id[this.rows[k]];
  }

  profile(k: number): CandidateProfile {
    return this.buckets[k].profiles[this.rows[k]];
  }

  profiles(): CandidateProfile[] {
    return this.rows.map((_, k) => this.profile(k));
  }

  /**
   * `profiles` as a pool of `viewer`, without a table or the hard rules (tests and tools that
   * score a given list): one bucket of their own, distances computed here.
   */
  static of(viewer: CandidateProfile, profiles: readonly CandidateProfile[]): PoolRows {
    const bucket = new Bucket();
    const pool = new PoolRows();
    for (const p of profiles) {
      const km =
        hasLocation(viewer) && hasLocation(p)
          ? haversineKm(viewer.latitude!, viewer.longitude!, p.latitude!, p.longitude!)
          : NaN;
      pool.add(bucket, bucket.push(p), km);
    }
    return pool;
  }
}

/**
 * Every profile candidate generation may need, in memory, bucketed by gender so a viewer's
 * scan only visits people of the genders they seek. At 100k users a scan of one bucket with
 * the hard rules takes well under a millisecond, against tens of milliseconds for the same
 * predicate in PostgreSQL (which re-reads the rows on every request).
 *
 * Freshness: the service loads the table at start and applies user events as they arrive.
 * Events can race the load and each other, so a row replaces a stored one only if it is at
 * least as new (updatedAtMs), and a removal leaves a tombstone that an older copy of the row
 * (from a load that started before the delete) cannot undo.
 */
import type { Gender } from '../types';
import type { EligibilityCheck } from './eligibility-check';
import type { CandidateProfile } from './profile';

export class ProfileTable {
  private readonly byId = new Map<number, CandidateProfile>();
  /** Active profiles per gender; `slot` is each one's index in its bucket (swap-remove). */
  private readonly buckets = new Map<Gender, CandidateProfile[]>();
  private readonly slot = new Map<number, number>();
  private readonly tombstones = new Set<number>();

  get size(): number {
    return this.byId.size;
  }

  get(id: number): CandidateProfile | undefined {
    return this.byId.get(id);
  }

  /** Every stored profile, active or not. */
  all(): IterableIterator<CandidateProfile> {
    return this.byId.values();
  }

  /** Stores `p` unless a newer copy is stored or the user was removed; true when stored. */
  upsert(p: CandidateProfile): boolean {
    if (this.tombstones.has(p.id)) return false;
    const old = this.byId.get(p.id);
    if (old && old.updatedAtMs > p.updatedAtMs) return false;
    if (old) this.unbucket(old);
    this.byId.set(p.id, p);
    if (p.isActive) {
      let bucket = this.buckets.get(p.gender);
      if (!bucket) this.buckets.set(p.gender, (bucket = []));
      this.slot.set(p.id, bucket.length);
      bucket.push(p);
    }
    return true;
  }

  /** Forgets a deleted user for good (ids are never reused). */
  remove(id: number): void {
    this.tombstones.add(id);
    const old = this.byId.get(id);
    if (!old) return;
    this.unbucket(old);
    this.byId.delete(id);
  }

  private unbucket(p: CandidateProfile): void {
    const i = this.slot.get(p.id);
    if (i === undefined) return;
    const bucket = this.buckets.get(p.gender)!;
    const last = bucket.pop()!;
    if (last.id !== p.id) {
      bucket[i] = last;
      this.slot.set(last.id, i);
    }
    this.slot.delete(p.id);
  }

  /**
   * Everyone who passes `check` (the hard rules and the request's filters for one viewer).
   * Only the buckets of the genders the viewer seeks are visited. Order: bucket order, which
   * callers must not rely on.
   */
  eligible(check: EligibilityCheck): CandidateProfile[] {
    const out: CandidateProfile[] = [];
    if (check.nobody) return out;
    for (const gender of new Set(check.viewer.gendersSought)) {
      for (const c of this.buckets.get(gender) ?? []) if (check.passes(c)) out.push(c);
    }
    return out;
  }
}

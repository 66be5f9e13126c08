/**
 * One bucket of the profile table as columns. The scan for a viewer's pool reads a few fields
 * of thousands of profiles; as objects scattered over the heap, almost every first field read
 * was a cache miss (profiled: most of the scan's time on the first `c.` access). Typed columns
 * are contiguous, so the scan touches a profile object only once it has passed the rules.
 */
import { GENDERS, type Gender } from '../types';
import type { CandidateProfile } from './profile';

const GENDER_BIT = new Map<Gender, number>(GENDERS.map((g, i) => [g, 1 << i]));

/** Bit mask of a list of genders (unknown strings contribute nothing). */
export function genderMask(genders: readonly string[]): number {
  let m = 0;
  for (const g of genders) m |= GENDER_BIT.get(g as Gender) ?? 0;
  return m;
}

export function genderBit(gender: string): number {
  return GENDER_BIT.get(gender as Gender) ?? 0;
}

export class Bucket {
  size = 0;
  profiles: CandidateProfile[] = [];
  id = new Float64Array(16);
  age = new Float64Array(16);
  ageMin = new Float64Array(16);
  ageMax = new Float64Array(16);
  /** Genders the person seeks, as a bit mask. */
  seeks = new Uint8Array(16);
  /** NaN when unknown. */
  lat = new Float64Array(16);
  lon = new Float64Array(16);
  /** The person's own distance limit, NaN for none. */
  maxKm = new Float64Array(16);

  /** Appends `p`; returns its index. */
  push(p: CandidateProfile): number {
    if (this.size === this.id.length) this.grow();
    const i = this.size++;
    this.profiles[i] = p;
    this.write(i, p);
    return i;
  }

  /** Removes the profile at `i` by moving the last one there; returns the moved profile, if any. */
  removeAt(i: number): CandidateProfile | null {
    const last = --this.size;
    const moved = last !== i ? this.profiles[last] : null;
    if (moved) {
      this.profiles[i] = moved;
      this.write(i, moved);
    }
    this.profiles.length = this.size;
    return moved;
  }

  private write(i: number, p: CandidateProfile): void {
    this.id[i] = p.id;
    this.age[i] = p.age;
    this.ageMin[i] = p.ageMin;
    this.ageMax[i] = p.ageMax;
    this.seeks[i] = genderMask(p.gendersSought);
    this.lat[i] = p.latitude ?? NaN;
    this.lon[i] = p.longitude ?? NaN;
    this.maxKm[i] = p.maxDistanceKm ?? NaN;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.id = f64(this.id);
    this.age = f64(this.age);
    this.ageMin = f64(this.ageMin);
    this.ageMax = f64(this.ageMax);
    this.lat = f64(this.lat);
    this.lon = f64(this.lon);
    this.maxKm = f64(this.maxKm);
    const s = new Uint8Array(n);
    s.set(this.seeks);
    this.seeks = s;
  }
}

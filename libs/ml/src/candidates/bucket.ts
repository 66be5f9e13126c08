/**
 * One bucket of the profile table as columns. The scan for a viewer's pool reads a few fields
 * of thousands of profiles; as objects scattered over the heap, almost every first field read
 * was a cache miss (profiled: most of the scan's time on the first `c.` access). Typed columns
 * are contiguous, so the scan touches a profile object only once it has passed the rules.
 */
import { interestIds } from '../features/interest-ids';
import { GENDERS, type Gender } from '@app/contracts';
import type { CandidateProfile } from './profile';

/**
 * Interest ids kept in the bucket's own rows, so the content arm reads a pool member's interests
 * next to its other columns instead of through its object (one more cache miss, and one for the
 * array behind it). 16 cover every profile of the bench market (validation allows 30); a profile
 * with more is read from its object.
 */
export const INTEREST_SLOTS = 16;

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
  /** epoch ms. */
  createdAt = new Float64Array(16);
  /** How many interest ids the person has. */
  interestCount = new Uint8Array(16);
  /** Their interest ids, INTEREST_SLOTS per row (the first interestCount used, if they fit). */
  interests = new Int32Array(16 * INTEREST_SLOTS);

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
    this.createdAt[i] = p.createdAt;
    const keys = p.interestKeys ?? interestIds(p.interests);
    this.interestCount[i] = Math.min(keys.length, 255);
    if (keys.length <= INTEREST_SLOTS) this.interests.set(keys, i * INTEREST_SLOTS);
  }

  /** How many of row i's interest ids are set in `flags` (a viewer's InterestSet). */
  sharedInterests(i: number, flags: Uint8Array): number {
    const count = this.interestCount[i];
    let shared = 0;
    if (count > INTEREST_SLOTS) {
      const p = this.profiles[i];
      const keys = p.interestKeys ?? interestIds(p.interests);
      for (let j = 0; j < keys.length; j++) if (keys[j] < flags.length && flags[keys[j]]) shared++;
      return shared;
    }
    const at = i * INTEREST_SLOTS;
    for (let j = at; j < at + count; j++) {
      const key = this.interests[j];
      if (key < flags.length && flags[key]) shared++;
    }
    return shared;
  }

  private grow(): void {
    const n = this.id.length * 2;
    this.id = grown(this.id, n);
    this.age = grown(this.age, n);
    this.ageMin = grown(this.ageMin, n);
    this.ageMax = grown(this.ageMax, n);
    this.lat = grown(this.lat, n);
    this.lon = grown(this.lon, n);
    this.maxKm = grown(this.maxKm, n);
    this.createdAt = grown(this.createdAt, n);
    this.seeks = grown(this.seeks, n);
    this.interestCount = grown(this.interestCount, n);
    this.interests = grown(this.interests, n * INTEREST_SLOTS);
  }
}

/** A copy of `a` in a new array of the same type and `length` values. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

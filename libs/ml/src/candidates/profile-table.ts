/**
 * Every profile candidate generation may need, in memory, in buckets that let a viewer's scan
 * skip most people without looking at them:
 * - by gender, so only the genders the viewer seeks are visited;
 * - by cell (BAND_DEGREES of latitude by BAND_DEGREES of longitude), so a viewer with a
 *   distance limit visits only the cells that limit can reach (the cells' edges bound the
 *   distance from below);
 * - by whether the person has a distance limit of their own, so a viewer without one visits
 *   everyone without one (anywhere) but only those with one whose cell is within the largest
 *   limit in the table (nobody farther can accept the viewer);
 * - people without a location in their own bucket, always visited (unknown distance excludes
 *   no one under preferences).
 * At 100k users this is a few thousand checks per request instead of tens of thousands.
 *
 * Freshness: the service loads the table at start and applies user events as they arrive.
 * Events can race the load and each other, so a row replaces a stored one only if it is at
 * least as new (updatedAtMs), and a removal leaves a tombstone that an older copy of the row
 * (from a load that started before the delete) cannot undo.
 */
import { type InterestKeys, interestIds } from '../features/interest-ids';
import { Bucket } from './bucket';
import { type EligibilityCheck, KM_PER_DEGREE } from './eligibility-check';
import { PoolRows } from './pool-rows';
import type { Gender } from '@app/contracts';
import type { CandidateProfile } from './profile';

/** Cell side in degrees (about 55 km of latitude): a few cells per typical distance limit. */
export const BAND_DEGREES = 0.5;
/** Reaching beyond this latitude, longitude bounds stop being useful: scan every cell. */
const MAX_BOUNDED_LATITUDE = 80;
/** Widening of the reach against floating-point error at cell edges (about 1 m). */
const EDGE_MARGIN_DEGREES = 1e-5;

const bandOf = (degrees: number): number => Math.floor(degrees / BAND_DEGREES);

/** Bucket key: gender, then 'x' (no location), or whether the person has a limit and their cell. */
function bucketKey(p: CandidateProfile): string {
  if (p.latitude === null || p.longitude === null) return `${p.gender}|x`;
  return `${p.gender}|${p.maxDistanceKm === null ? 'n' : 'l'}|${bandOf(p.latitude)}|${bandOf(p.longitude)}`;
}

export class ProfileTable {
  private readonly byId = new Map<number, CandidateProfile>();
  /**
   * Active profiles per bucket; `bucketOf` and `indexOf` are each one's bucket and index in it
   * (swap-remove). Two maps of shared values, not one of a {key, index} object per profile:
   * every object held per profile is one more for each full garbage collection to mark.
   */
  private readonly buckets = new Map<string, Bucket>();
  private readonly bucketOf = new Map<number, Bucket>();
  private readonly indexOf = new Map<number, number>();
  private readonly tombstones = new Set<number>();
  /** The largest personal distance limit ever stored (only grows: a safe over-estimate). */
  private maxLimitKm = 0;
  /** One copy of each distinct interest and gender string, and of each list of genders sought. */
  private readonly strings = new Map<string, string>();
  private readonly genderLists = new Map<string, Gender[]>();

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
    this.share(p);
    p.interestKeys = this.keysOf(p.interests);
    this.byId.set(p.id, p);
    if (p.isActive) this.bucket(p);
    return true;
  }

  /**
   * Points `p`'s strings at one shared copy each: as read from the database every profile had
   * its own copy of every interest (a hundred distinct ones in the bench market, a million
   * strings) and of its genders, and each is one more object for every full garbage collection
   * to mark. Shared: 89 → 37 MB of heap for 100k profiles and a full collection 60–70 → 33–36
   * ms (measured in process); the candidate service's collections were pauses of 50–90 ms
   * under load. The shared genders lists are frozen, since a change to one would change them all.
   */
  private share(p: CandidateProfile): void {
    p.gender = this.shared(p.gender) as Gender;
    p.interests = p.interests.map((x) => this.shared(x));
    const key = p.gendersSought.join(',');
    let list = this.genderLists.get(key);
    if (!list)
      this.genderLists.set(
        key,
        (list = Object.freeze(p.gendersSought.map((g) => this.shared(g) as Gender)) as Gender[]),
      );
    p.gendersSought = list;
  }

  private shared(x: string): string {
    const known = this.strings.get(x);
    if (known !== undefined) return known;
    this.strings.set(x, x);
    return x;
  }

  /** Distinct ids of the normalized `interests` (libs/ml/features interestIds: one dictionary per process). */
  keysOf(interests: readonly string[]): InterestKeys {
    return interestIds(interests);
  }

  /** Forgets a deleted user for good (ids are never reused). */
  remove(id: number): void {
    this.tombstones.add(id);
    const old = this.byId.get(id);
    if (!old) return;
    this.unbucket(old);
    this.byId.delete(id);
  }

  private bucket(p: CandidateProfile): void {
    const key = bucketKey(p);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Bucket()));
    this.bucketOf.set(p.id, bucket);
    this.indexOf.set(p.id, bucket.push(p));
    if (p.maxDistanceKm !== null) this.maxLimitKm = Math.max(this.maxLimitKm, p.maxDistanceKm);
  }

  private unbucket(p: CandidateProfile): void {
    const bucket = this.bucketOf.get(p.id);
    if (!bucket) return;
    const index = this.indexOf.get(p.id)!;
    const moved = bucket.removeAt(index);
    if (moved) this.indexOf.set(moved.id, index);
    this.bucketOf.delete(p.id);
    this.indexOf.delete(p.id);
  }

  /**
   * Everyone who passes `check` (the hard rules and the request's filters for one viewer),
   * visiting only the buckets that can hold such people (see the class comment). Order:
   * bucket order, which callers must not rely on. As rows of the buckets with their distances
   * from the viewer (see EligibilityCheck.scan).
   */
  eligible(check: EligibilityCheck): PoolRows {
    const out = new PoolRows();
    if (check.nobody) return out;
    const v = check.viewer;
    const visit = (key: string): void => {
      const bucket = this.buckets.get(key);
      if (bucket) check.scan(bucket, out);
    };
    const everywhere = (prefix: string): void => {
      for (const key of this.buckets.keys()) if (key.startsWith(prefix)) visit(key);
    };
    const within = (prefix: string, km: number): void => {
      const lat = v.latitude!;
      const dLat = km / KM_PER_DEGREE + EDGE_MARGIN_DEGREES;
      if (Math.abs(lat) + dLat >= MAX_BOUNDED_LATITUDE) return everywhere(prefix);
      // The "bounding coordinates" method (J. Matuschek): every point within angular distance r
      // of the viewer lies within asin(sin r / cos lat) of their longitude.
      const r = (km / KM_PER_DEGREE) * (Math.PI / 180);
      const dLon =
        (Math.asin(Math.min(1, Math.sin(r) / Math.cos((lat * Math.PI) / 180))) * 180) / Math.PI + EDGE_MARGIN_DEGREES;
      const lon = v.longitude!;
      if (lon - dLon < -180 || lon + dLon >= 180) return everywhere(prefix); // across the antimeridian
      for (let a = bandOf(lat - dLat); a <= bandOf(lat + dLat); a++) {
        for (let b = bandOf(lon - dLon); b <= bandOf(lon + dLon); b++) visit(`${prefix}${a}|${b}`);
      }
    };
    for (const gender of new Set(v.gendersSought)) {
      visit(`${gender}|x`);
      if (v.latitude === null || v.longitude === null) {
        // Distance unknown: preferences exclude no one (and an explicit limit made `nobody`).
        everywhere(`${gender}|n|`);
        everywhere(`${gender}|l|`);
        continue;
      }
      if (check.limit === null) everywhere(`${gender}|n|`);
      else within(`${gender}|n|`, check.limit);
      within(`${gender}|l|`, check.limit === null ? this.maxLimitKm : Math.min(check.limit, this.maxLimitKm));
    }
    return out;
  }
}

/**
 * The hard rules and a request's filters for one viewer, prepared once per request and then
 * asked about each candidate: by the table scan, by the reciprocal arm about each liker, and
 * by the ANN search about each hit, so every arm applies exactly the same rules.
 */
import { haversineKm } from '../features/geo';
import { type Bucket, genderBit } from './bucket';
import type { PoolRows } from './pool-rows';
import { ageWindow, agesFit, distanceLimit, distancesFit } from './hard-rules';
import { type CandidateProfile, type EligibilityFilters, hasLocation } from './profile';

/** Kilometres per degree of latitude: a lower bound of the distance from a latitude gap alone. */
export const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

export class EligibilityCheck {
  private readonly window: [number, number];
  /** The viewer's distance limit in km (their preference narrowed by the request), or null. */
  readonly limit: number | null;
  private readonly explicitDistance: boolean;
  private readonly located: boolean;
  /** True when no one can pass (an empty age window, or "within X km" without a location). */
  readonly nobody: boolean;

  constructor(
    readonly viewer: CandidateProfile,
    private readonly filters: EligibilityFilters,
    /** Whom the viewer swiped or blocked, and who blocked the viewer. */
    private readonly excluded: ReadonlySet<number>,
  ) {
    this.window = ageWindow(viewer, filters);
    this.limit = distanceLimit(viewer, filters);
    this.explicitDistance = filters.maxDistanceKm !== undefined;
    this.located = hasLocation(viewer);
    this.nobody = this.window[0] > this.window[1] || (this.explicitDistance && !this.located);
  }

  /** True when `c` may be shown to the viewer. */
  passes(c: CandidateProfile): boolean {
    const v = this.viewer;
    if (this.nobody || c.id === v.id || !c.isActive) return false;
    if (!agesFit(v, c, this.window) || !c.gendersSought.includes(v.gender) || !v.gendersSought.includes(c.gender))
      return false;
    if (this.filters.interest !== undefined && !c.interests.includes(this.filters.interest)) return false;
    if (this.excluded.has(c.id)) return false;
    if (this.located && c.latitude !== null && c.longitude !== null) {
      // The latitude gap alone bounds the distance from below: most far-away people are
      // rejected here without trigonometry.
      const gapKm = Math.abs(c.latitude - v.latitude!) * KM_PER_DEGREE;
      if ((this.limit !== null && gapKm > this.limit) || (c.maxDistanceKm !== null && gapKm > c.maxDistanceKm))
        return false;
    }
    return distancesFit(v, c, this.limit, this.explicitDistance);
  }

  /**
   * `passes` over a whole bucket of the table, reading its columns (see bucket.ts), appending
   * the rows of those who pass to `out` with their distance from the viewer (NaN when either
   * location is unknown: the distance rule computes it anyway, and the content arm needs it
   * again). The table only hands over buckets of genders the viewer seeks, so that rule is not
   * re-checked here; every other rule is, in the same terms as `passes` (the table's specs
   * compare the two against rejectionReason).
   */
  scan(b: Bucket, out: PoolRows): void {
    if (this.nobody) return;
    const v = this.viewer;
    const [lo, hi] = this.window;
    const vAge = v.age;
    const vBit = genderBit(v.gender);
    const vLat = v.latitude ?? NaN;
    const vLon = v.longitude ?? NaN;
    const located = this.located;
    const limit = this.limit ?? Infinity;
    const explicit = this.explicitDistance;
    const interest = this.filters.interest;
    for (let i = 0; i < b.size; i++) {
      const age = b.age[i];
      if (age < lo || age > hi || vAge < b.ageMin[i] || vAge > b.ageMax[i] || (b.seeks[i] & vBit) === 0) continue;
      const id = b.id[i];
      if (id === v.id || this.excluded.has(id)) continue;
      const lat = b.lat[i];
      const lon = b.lon[i];
      let distance = NaN;
      if (Number.isNaN(lat) || Number.isNaN(lon) || !located) {
        // Unknown distance: preferences exclude no one; an explicit limit excludes them.
        if (explicit) continue;
      } else {
        const own = b.maxKm[i];
        const gapKm = Math.abs(lat - vLat) * KM_PER_DEGREE;
        if (gapKm > limit || gapKm > own) continue; // NaN (no limit of their own) compares false
        distance = haversineKm(vLat, vLon, lat, lon);
        if (distance > limit || distance > own) continue;
      }
      if (interest !== undefined && !b.profiles[i].interests.includes(interest)) continue;
      out.add(b, i, distance);
    }
  }
}

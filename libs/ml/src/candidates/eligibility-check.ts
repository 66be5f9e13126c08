/**
 * The hard rules and a request's filters for one viewer, prepared once per request and then
 * asked about each candidate: by the table scan, by the reciprocal arm about each liker, and
 * by the ANN search about each hit, so every arm applies exactly the same rules.
 */
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
    if (!agesFit(v, c, this.window) || !c.gendersSought.includes(v.gender) || !v.gendersSought.includes(c.gender)) return false;
    if (this.filters.interest !== undefined && !c.interests.includes(this.filters.interest)) return false;
    if (this.excluded.has(c.id)) return false;
    if (this.located && c.latitude !== null && c.longitude !== null) {
      // The latitude gap alone bounds the distance from below: most far-away people are
      // rejected here without trigonometry.
      const gapKm = Math.abs(c.latitude - v.latitude!) * KM_PER_DEGREE;
      if ((this.limit !== null && gapKm > this.limit) || (c.maxDistanceKm !== null && gapKm > c.maxDistanceKm)) return false;
    }
    return distancesFit(v, c, this.limit, this.explicitDistance);
  }
}

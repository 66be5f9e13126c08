/**
 * The hard filters as one SQL predicate over a candidate row `c` of `users`. Every source puts
 * this same predicate into its own query (and the ANN hits are checked against it in batches),
 * so no source can disagree with another about who may be shown, and no score can override it.
 */
import { boundingBox } from './geo-box';
import type { Viewer } from './viewer';

/** Request filters after validation: interest trimmed and lower-cased like stored interests. */
export interface EligibilityFilters {
  minAge?: number;
  maxAge?: number;
  maxDistanceKm?: number;
  interest?: string;
}

/** Collects positional parameters ($1, $2, ...) while SQL text is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when given (pg sends text otherwise). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

const EARTH_RADIUS_KM = 6371.0088;

/**
 * Haversine distance in km from (lat, lon) placeholders to candidate `c`, the same formula as
 * haversineKm in libs/ml (the ranking features), so the filter and the features agree.
 */
export function distanceSql(lat: string, lon: string, alias = 'c'): string {
  return `(2 * ${EARTH_RADIUS_KM} * asin(sqrt(least(1, sin(radians(${alias}.latitude - ${lat}) / 2) ^ 2 + cos(radians(${lat})) * cos(radians(${alias}.latitude)) * sin(radians(${alias}.longitude - ${lon}) / 2) ^ 2))))`;
}

/** The tighter of two optional limits. */
function tighter(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null) return b ?? null;
  if (b == null) return a;
  return Math.min(a, b);
}

/** True when the viewer has coordinates, which distance rules need. */
export function hasLocation(v: Pick<Viewer, 'latitude' | 'longitude'>): boolean {
  return v.latitude !== null && v.longitude !== null;
}

/**
 * SQL that is true exactly when candidate `c` may be shown to `viewer`:
 * - not the viewer; active (a deleted user has no row, so it cannot match);
 * - not swiped or blocked by the viewer (any interaction of viewer -> c), not blocking the viewer;
 * - c's gender among the viewer's sought genders, and the viewer's among c's;
 * - c's age in the viewer's range (narrowed by the request's min/max age), the viewer's in c's;
 * - when both have coordinates: the distance within the viewer's limit and within c's;
 * - a request max_distance_km also excludes candidates whose distance is unknown;
 * - a request interest must be among c's interests (GIN index on users.interests).
 * The swipe/block tests are NOT EXISTS on a constant viewer id, which the planner turns into
 * anti-joins over the viewer's few interactions rather than probes per candidate.
 */
export function eligibilitySql(viewer: Viewer, filters: EligibilityFilters, p: SqlParams): string {
  const vid = p.add(viewer.id, 'int');
  const ageMin = Math.max(viewer.prefAgeMin, filters.minAge ?? -Infinity);
  const ageMax = Math.min(viewer.prefAgeMax, filters.maxAge ?? Infinity);
  const vAge = p.add(viewer.age, 'int');
  const vGender = p.add(viewer.gender, 'text');
  const parts = [
    `c.id <> ${vid}`,
    `c.is_active`,
    `c.gender = ANY(${p.add(viewer.prefGenders, 'text[]')})`,
    `${vGender} = ANY(c.pref_genders)`,
    `c.age BETWEEN ${p.add(ageMin, 'int')} AND ${p.add(ageMax, 'int')}`,
    `${vAge} BETWEEN c.pref_age_min AND c.pref_age_max`,
    `NOT EXISTS (SELECT 1 FROM interactions x WHERE x.actor_id = ${vid} AND x.target_id = c.id)`,
    `NOT EXISTS (SELECT 1 FROM interactions x WHERE x.target_id = ${vid} AND x.actor_id = c.id AND x.type = 'block')`,
  ];
  if (filters.interest !== undefined) parts.push(`c.interests @> ARRAY[${p.add(filters.interest, 'text')}]`);
  if (!hasLocation(viewer) && filters.maxDistanceKm !== undefined) {
    // Nobody's distance to an unlocated viewer is known (the service rejects this request first).
    parts.push('false');
  } else if (hasLocation(viewer)) {
    const lat = p.add(viewer.latitude, 'float8');
    const lon = p.add(viewer.longitude, 'float8');
    const dist = distanceSql(lat, lon);
    // The viewer's limit (their preference, narrowed by the request): a box test first, so
    // that most far-away rows are rejected without trigonometry, then the exact distance.
    const limit = tighter(viewer.prefMaxDistanceKm, filters.maxDistanceKm);
    if (limit !== null) {
      const box = boundingBox(viewer.latitude!, viewer.longitude!, limit);
      const inBox = [`c.latitude BETWEEN ${p.add(box.minLat, 'float8')} AND ${p.add(box.maxLat, 'float8')}`];
      if (box.minLon !== null && box.maxLon !== null) inBox.push(`c.longitude BETWEEN ${p.add(box.minLon, 'float8')} AND ${p.add(box.maxLon, 'float8')}`);
      const within = `${inBox.join(' AND ')} AND ${dist} <= ${p.add(limit, 'float8')}`;
      // An explicit "within X km" cannot be vouched for when c's location is unknown; the
      // profile preference, like the candidate's, applies only when the distance is known.
      parts.push(filters.maxDistanceKm !== undefined ? `(c.latitude IS NOT NULL AND c.longitude IS NOT NULL AND ${within})` : `(c.latitude IS NULL OR c.longitude IS NULL OR (${within}))`);
    }
    // The candidate's own limit applies only when the distance is known (both located). Listed
    // after the viewer's so that, at equal cost, PostgreSQL tests the box-guarded one first.
    parts.push(`(c.latitude IS NULL OR c.longitude IS NULL OR c.pref_max_distance_km IS NULL OR ${dist} <= c.pref_max_distance_km)`);
  }
  return parts.join('\n    AND ');
}

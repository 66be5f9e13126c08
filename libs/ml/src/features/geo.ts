/** Great-circle distances for the distance features and the distance hard filter. */

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
// Bound once: a global lookup of `Math` inside jest's vm context is very slow in hot loops.
const { sin, cos, asin, sqrt, min, max, floor, round } = Math;

/** Haversine distance in km between two (latitude, longitude) points in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = sin(dLat / 2) ** 2 + cos(lat1 * RAD) * cos(lat2 * RAD) * sin(dLon / 2) ** 2;
  // min() guards against rounding pushing h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * asin(sqrt(min(1, h)));
}

/** Height of a location grid cell: 0.01° of latitude, about 1.11 km. */
export const GRID_CELL_DEGREES = 0.01;

/**
 * A position as the product uses it: the centre of its cell in a grid of about 1.1 × 1.1 km
 * (0.01° of latitude; in longitude, as many degrees as make the same width at that latitude).
 * Every distance between two people (hard rules, features, what a user is shown) is computed
 * between cell centres, so no number of distances, asked from any number of vantage points,
 * places anyone more precisely than their cell (SECURITY.md: trilateration).
 */
export function gridPosition(
  latitude: number | null,
  longitude: number | null,
): { latitude: number | null; longitude: number | null } {
  if (latitude === null || longitude === null) return { latitude, longitude };
  const row = floor(latitude / GRID_CELL_DEGREES);
  const lat = min(90, (row + 0.5) * GRID_CELL_DEGREES);
  // Cells keep their width towards the poles; capped, so the few cells right at a pole stay finite.
  const width = GRID_CELL_DEGREES / max(cos(lat * RAD), GRID_CELL_DEGREES);
  const lon = (floor(longitude / width) + 0.5) * width;
  return { latitude: round6(lat), longitude: round6(lon > 180 ? lon - 360 : lon) };
}

/** A distance as a person is shown it: whole km, at least 1 (closer than a cell is not knowable). */
export function shownDistanceKm(km: number): number {
  return max(1, round(km));
}

const round6 = (x: number): number => round(x * 1e6) / 1e6;

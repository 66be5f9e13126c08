/** Great-circle distances for the distance features and the distance hard filter. */

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
// Bound once: a global lookup of `Math` inside jest's vm context is very slow in hot loops.
const { sin, cos, asin, sqrt, min } = Math;

/** Haversine distance in km between two (latitude, longitude) points in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = sin(dLat / 2) ** 2 + cos(lat1 * RAD) * cos(lat2 * RAD) * sin(dLon / 2) ** 2;
  // min() guards against rounding pushing h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * asin(sqrt(min(1, h)));
}

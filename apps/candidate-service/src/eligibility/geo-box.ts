/**
 * A latitude/longitude box that contains every point within `km` of a centre (the "bounding
 * coordinates" method, J. Matuschek). The eligibility predicate tests it before the haversine:
 * four comparisons reject most far-away rows without any trigonometry. It is only a
 * pre-filter, so it may be larger than needed but never smaller.
 */

const EARTH_RADIUS_KM = 6371.0088;
const DEG = 180 / Math.PI;
/** Widening against floating-point error at the box's edges, in degrees (about 1 m). */
const MARGIN_DEG = 1e-5;

export interface GeoBox {
  minLat: number;
  maxLat: number;
  /** Null when the box would cross a pole or the antimeridian: only latitude is bounded. */
  minLon: number | null;
  maxLon: number | null;
}

export function boundingBox(lat: number, lon: number, km: number): GeoBox {
  const r = km / EARTH_RADIUS_KM; // angular radius in radians
  const dLat = r * DEG + MARGIN_DEG;
  const minLat = lat - dLat;
  const maxLat = lat + dLat;
  if (minLat <= -90 || maxLat >= 90 || r >= Math.PI / 2) return { minLat: Math.max(-90, minLat), maxLat: Math.min(90, maxLat), minLon: null, maxLon: null };
  const dLon = Math.asin(Math.min(1, Math.sin(r) / Math.cos((lat * Math.PI) / 180))) * DEG + MARGIN_DEG;
  const minLon = lon - dLon;
  const maxLon = lon + dLon;
  if (minLon < -180 || maxLon > 180) return { minLat, maxLat, minLon: null, maxLon: null };
  return { minLat, maxLat, minLon, maxLon };
}

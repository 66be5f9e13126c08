/**
 * Built-in US cities with their metro population, so users spread over many markets the way
 * people do (big metros dominate, nearby pairs such as Dallas/Fort Worth or Baltimore/Washington
 * overlap). The OkCupid sample itself is all San Francisco, which would make a one-city market.
 */
import { haversineKm } from './model';
import type { SeededRandom } from '@app/ml/primitives/seeded-random';

/** A city: name, centre coordinates (degrees) and metro population (millions; weights only). */
export interface City {
  name: string;
  lat: number;
  lon: number;
  population: number;
}

/** About forty real US cities; populations are rounded metro figures used as sampling weights. */
export const CITIES: readonly City[] = [
  { name: 'New York', lat: 40.7128, lon: -74.006, population: 19.5 },
  { name: 'Los Angeles', lat: 34.0522, lon: -118.2437, population: 12.9 },
  { name: 'Chicago', lat: 41.8781, lon: -87.6298, population: 9.4 },
  { name: 'Dallas', lat: 32.7767, lon: -96.797, population: 5.2 },
  { name: 'Fort Worth', lat: 32.7555, lon: -97.3308, population: 2.7 },
  { name: 'Houston', lat: 29.7604, lon: -95.3698, population: 7.3 },
  { name: 'Washington', lat: 38.9072, lon: -77.0369, population: 6.3 },
  { name: 'Philadelphia', lat: 39.9526, lon: -75.1652, population: 6.2 },
  { name: 'Miami', lat: 25.7617, lon: -80.1918, population: 6.1 },
  { name: 'Atlanta', lat: 33.749, lon: -84.388, population: 6.2 },
  { name: 'Boston', lat: 42.3601, lon: -71.0589, population: 4.9 },
  { name: 'Phoenix', lat: 33.4484, lon: -112.074, population: 5.0 },
  { name: 'San Francisco', lat: 37.7749, lon: -122.4194, population: 3.0 },
  { name: 'Oakland', lat: 37.8044, lon: -122.2712, population: 1.6 },
  { name: 'San Jose', lat: 37.3382, lon: -121.8863, population: 2.0 },
  { name: 'Detroit', lat: 42.3314, lon: -83.0458, population: 4.3 },
  { name: 'Seattle', lat: 47.6062, lon: -122.3321, population: 4.0 },
  { name: 'Minneapolis', lat: 44.9778, lon: -93.265, population: 3.7 },
  { name: 'San Diego', lat: 32.7157, lon: -117.1611, population: 3.3 },
  { name: 'Tampa', lat: 27.9506, lon: -82.4572, population: 3.3 },
  { name: 'Denver', lat: 39.7392, lon: -104.9903, population: 3.0 },
  { name: 'Baltimore', lat: 39.2904, lon: -76.6122, population: 2.8 },
  { name: 'St. Louis', lat: 38.627, lon: -90.1994, population: 2.8 },
  { name: 'Orlando', lat: 28.5384, lon: -81.3789, population: 2.7 },
  { name: 'Charlotte', lat: 35.2271, lon: -80.8431, population: 2.7 },
  { name: 'San Antonio', lat: 29.4241, lon: -98.4936, population: 2.6 },
  { name: 'Portland', lat: 45.5152, lon: -122.6784, population: 2.5 },
  { name: 'Sacramento', lat: 38.5816, lon: -121.4944, population: 2.4 },
  { name: 'Pittsburgh', lat: 40.4406, lon: -79.9959, population: 2.4 },
  { name: 'Austin', lat: 30.2672, lon: -97.7431, population: 2.4 },
  { name: 'Las Vegas', lat: 36.1699, lon: -115.1398, population: 2.3 },
  { name: 'Cincinnati', lat: 39.1031, lon: -84.512, population: 2.3 },
  { name: 'Kansas City', lat: 39.0997, lon: -94.5786, population: 2.2 },
  { name: 'Columbus', lat: 39.9612, lon: -82.9988, population: 2.1 },
  { name: 'Indianapolis', lat: 39.7684, lon: -86.1581, population: 2.1 },
  { name: 'Cleveland', lat: 41.4993, lon: -81.6944, population: 2.1 },
  { name: 'Nashville', lat: 36.1627, lon: -86.7816, population: 2.0 },
  { name: 'Milwaukee', lat: 43.0389, lon: -87.9065, population: 1.6 },
  { name: 'Raleigh', lat: 35.7796, lon: -78.6382, population: 1.4 },
  { name: 'Salt Lake City', lat: 40.7608, lon: -111.891, population: 1.3 },
  { name: 'New Orleans', lat: 29.9511, lon: -90.0715, population: 1.3 },
];

/** City indices, most populous first. */
const BY_POPULATION = CITIES.map((_, i) => i).sort((a, b) => CITIES[b].population - CITIES[a].population || a - b);

/** People per city below which a market would be too thin to swipe in. */
const MIN_USERS_PER_CITY = 500;

/**
 * How many cities a market of `users` people spans: all of them from ~20k users, fewer (the
 * largest ones) for small test markets so each city still has a few hundred people to meet.
 */
export function cityCountFor(users: number): number {
  return Math.max(3, Math.min(CITIES.length, Math.floor(users / MIN_USERS_PER_CITY)));
}

/** Draws one of the `count` largest cities with probability proportional to its population. */
export function drawCity(rng: SeededRandom, count: number = CITIES.length): number {
  let total = 0;
  for (let k = 0; k < count; k++) total += CITIES[BY_POPULATION[k]].population;
  let x = rng.next() * total;
  for (let k = 0; k < count; k++) {
    x -= CITIES[BY_POPULATION[k]].population;
    if (x < 0) return BY_POPULATION[k];
  }
  return BY_POPULATION[count - 1];
}

/** Standard deviation (km) of home locations around the city centre. */
const SPREAD_KM = 6;
/** Nobody lives further than this from the centre of their city. */
const MAX_SPREAD_KM = 25;

/** A home location a few km around city `c`, rounded to 5 decimals (~1 m). */
export function jitterLocation(rng: SeededRandom, c: number): { latitude: number; longitude: number } {
  const city = CITIES[c];
  let dx = rng.normal() * SPREAD_KM;
  let dy = rng.normal() * SPREAD_KM;
  const r = Math.hypot(dx, dy);
  if (r > MAX_SPREAD_KM) {
    dx *= MAX_SPREAD_KM / r;
    dy *= MAX_SPREAD_KM / r;
  }
  const latitude = city.lat + dy / 111.32;
  const longitude = city.lon + dx / (111.32 * Math.cos((city.lat * Math.PI) / 180));
  return { latitude: Number(latitude.toFixed(5)), longitude: Number(longitude.toFixed(5)) };
}

/** Distance in km between the centres of every pair of cities, row-major. */
export function cityDistances(): Float64Array {
  const n = CITIES.length;
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++)
      out[a * n + b] = haversineKm(CITIES[a].lat, CITIES[a].lon, CITIES[b].lat, CITIES[b].lon);
  }
  return out;
}

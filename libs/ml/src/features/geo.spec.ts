import { gridPosition, haversineKm, shownDistanceKm } from './geo';
import { SeededRandom } from '../primitives/seeded-random';

type Point = [number, number];

/** How the product turns two positions into the distance one person is shown of the other. */
interface DistancePolicy {
  place(p: Point): Point;
  show(km: number): number;
}

/** Today: between grid cell centres, whole km. */
const GRID: DistancePolicy = {
  place: ([lat, lon]) => {
    const c = gridPosition(lat, lon);
    return [c.latitude!, c.longitude!];
  },
  show: shownDistanceKm,
};

/** Before the grid: exact positions, to 0.1 km. */
const EXACT: DistancePolicy = { place: (p) => p, show: (km) => Math.round(km * 10) / 10 };

const shownBetween = (a: Point, b: Point, policy = GRID): number => {
  const [p, q] = [policy.place(a), policy.place(b)];
  return policy.show(haversineKm(p[0], p[1], q[0], q[1]));
};

/**
 * A trilateration attack: an attacker who may set their own position anywhere asks for the
 * distance to the victim from many vantage points, then keeps every place (on a 40 m lattice
 * around the victim) that explains all the answers. Returns how far apart those places lie
 * (the diagonal of their bounding box), in km.
 */
function attack(victim: Point, policy: DistancePolicy, vantagePoints: number): number {
  const rng = new SeededRandom(7);
  const vantage = Array.from({ length: vantagePoints }, (): Point => [
    victim[0] + (rng.next() - 0.5) * 0.4,
    victim[1] + (rng.next() - 0.5) * 0.6,
  ]).map(policy.place);
  const answers = vantage.map((v) => shownBetween(v, victim, policy));
  const box = { south: Infinity, north: -Infinity, west: Infinity, east: -Infinity };
  const step = 0.00036; // about 40 m
  for (let i = -30; i <= 30; i++) {
    for (let j = -45; j <= 45; j++) {
      const [lat, lon] = [victim[0] + i * step, victim[1] + j * step];
      const [pLat, pLon] = policy.place([lat, lon]);
      if (!vantage.every((v, k) => policy.show(haversineKm(v[0], v[1], pLat, pLon)) === answers[k])) continue;
      box.south = Math.min(box.south, lat);
      box.north = Math.max(box.north, lat);
      box.west = Math.min(box.west, lon);
      box.east = Math.max(box.east, lon);
    }
  }
  return haversineKm(box.south, box.west, box.north, box.east);
}

describe('the location grid', () => {
  it('leaves an unknown position unknown', () => {
    expect(gridPosition(null, null)).toEqual({ latitude: null, longitude: null });
  });

  it('puts every position within 0.8 km of its cell centre, at any latitude, and is idempotent', () => {
    const rng = new SeededRandom(3);
    for (let n = 0; n < 2000; n++) {
      const lat = (rng.next() - 0.5) * 170;
      const lon = (rng.next() - 0.5) * 359.9;
      const c = gridPosition(lat, lon);
      expect(haversineKm(lat, lon, c.latitude!, c.longitude!)).toBeLessThan(0.8);
      expect(gridPosition(c.latitude, c.longitude)).toEqual(c);
    }
  });

  it('shows whole kilometres, at least 1', () => {
    expect(shownBetween([52.52, 13.4], [52.52, 13.4])).toBe(1);
    expect(Number.isInteger(shownBetween([52.52, 13.4], [52.6, 13.1]))).toBe(true);
    expect(shownBetween([52.52, 13.4], [48.85, 2.35])).toBeCloseTo(878, -1);
  });

  it('gives two people in the same cell the same distance from every vantage point', () => {
    const cell = gridPosition(52.5213, 13.4015);
    const a: Point = [cell.latitude! - 0.004, cell.longitude! - 0.007];
    const b: Point = [cell.latitude! + 0.004, cell.longitude! + 0.007];
    expect(gridPosition(...a)).toEqual(gridPosition(...b));
    expect(haversineKm(a[0], a[1], b[0], b[1])).toBeGreaterThan(0.9);
    const rng = new SeededRandom(11);
    for (let n = 0; n < 500; n++) {
      const v: Point = [52.52 + (rng.next() - 0.5) * 2, 13.4 + (rng.next() - 0.5) * 3];
      expect(shownBetween(v, a)).toBe(shownBetween(v, b));
    }
  });

  it('defeats trilateration: 200 vantage points cannot place anyone more precisely than their cell', () => {
    const victim: Point = [52.5213, 13.4015];
    // Before the grid, 0.1 km distances from 200 places pinned the victim within about 100 m.
    expect(attack(victim, EXACT, 200)).toBeLessThan(0.15);
    // Now every place of the victim's cell (about 1.1 km across) explains the answers as well.
    expect(attack(victim, GRID, 200)).toBeGreaterThan(1);
  });
});

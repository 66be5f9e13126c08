import { EligibilityCheck } from './eligibility-check';
import { haversineKm } from '../features/geo';
import { rejectionReason } from './hard-rules';
import type { CandidateProfile, EligibilityFilters } from './profile';
import { man, profile } from './profile.fixture';
import { ProfileTable } from './profile-table';

const HAMBURG = { latitude: 53.55, longitude: 9.99 }; // ~255 km from Berlin
const POTSDAM = { latitude: 52.39, longitude: 13.06 }; // ~27 km from Berlin
const GENDERS = ['male', 'female', 'non_binary'] as const;

function tableOf(...ps: CandidateProfile[]): ProfileTable {
  const t = new ProfileTable();
  for (const p of ps) t.upsert(p);
  return t;
}
const eligibleIds = (
  t: ProfileTable,
  viewer: CandidateProfile,
  filters: EligibilityFilters = {},
  excluded: number[] = [],
) =>
  t
    .eligible(new EligibilityCheck(viewer, filters, new Set(excluded)))
    .profiles()
    .map((p) => p.id)
    .sort((a, b) => a - b);

describe('ProfileTable storage', () => {
  it('keeps one frozen list per distinct genders sought, and the profiles as they were', () => {
    const a = man(1, { interests: ['hiking', 'jazz'], gendersSought: ['female', 'non_binary'] });
    const b = man(2, { interests: ['jazz'], gendersSought: ['female', 'non_binary'] });
    const c = man(3, { gendersSought: ['female'] });
    const t = tableOf(a, b, c);
    expect(t.get(1)!.gendersSought).toBe(t.get(2)!.gendersSought);
    expect(t.get(1)!.gendersSought).toEqual(['female', 'non_binary']);
    expect(Object.isFrozen(t.get(1)!.gendersSought)).toBe(true);
    expect(t.get(3)!.gendersSought).toEqual(['female']);
    expect(t.get(1)!.interests).toEqual(['hiking', 'jazz']);
    expect(t.get(2)!.interests).toEqual(['jazz']);
  });
});

describe('ProfileTable.eligible', () => {
  const viewer = profile(1, { maxDistanceKm: 100 });
  const people = [
    man(2), // fits
    man(3, { isActive: false }),
    profile(4), // a woman: the viewer seeks men
    man(5, { gendersSought: ['male'] }), // does not seek women
    man(6, { age: 40 }), // too old for the viewer
    man(7, { ageMin: 18, ageMax: 25 }), // wants younger
    man(8, HAMBURG), // beyond the viewer's 100 km
    man(9, { ...POTSDAM, maxDistanceKm: 10 }), // 27 km, beyond his own 10 km
    man(10, { latitude: null, longitude: null }), // distance unknown: preferences cannot exclude him
    man(11, { ...POTSDAM, interests: ['jazz'] }),
    man(12, { latitude: 52.5, longitude: null }), // half a location is no location
  ];
  const table = tableOf(viewer, ...people);

  it('applies every hard rule of both people', () => {
    expect(eligibleIds(table, viewer)).toEqual([2, 10, 11, 12]);
  });

  it("hands out each one's distance from the viewer alongside, NaN when a location is unknown", () => {
    const rows = table.eligible(new EligibilityCheck(viewer, {}, new Set()));
    const { km } = rows;
    const pool = rows.profiles();
    expect(km).toHaveLength(pool.length);
    pool.forEach((p, i) => {
      expect(rows.id(i)).toBe(p.id);
      if (p.latitude === null || p.longitude === null) expect(km[i]).toBeNaN();
      else expect(km[i]).toBe(haversineKm(viewer.latitude!, viewer.longitude!, p.latitude, p.longitude));
    });
    expect(km.filter((d) => !Number.isNaN(d))).toHaveLength(2);
  });

  it('excludes whom the viewer swiped or blocked and who blocked them', () => {
    expect(eligibleIds(table, viewer, {}, [2, 11, 12])).toEqual([10]);
  });

  it('narrows by request filters; an explicit distance also drops unknown locations', () => {
    expect(eligibleIds(table, viewer, { interest: 'jazz' })).toEqual([11]);
    expect(eligibleIds(table, viewer, { minAge: 31 })).toEqual([]);
    expect(eligibleIds(table, viewer, { maxDistanceKm: 5 })).toEqual([2]);
    expect(eligibleIds(table, viewer, { maxDistanceKm: 500 })).toEqual([2, 11]); // the viewer's 100 km still holds
    expect(eligibleIds(table, profile(1, { latitude: null, longitude: null }), { maxDistanceKm: 500 })).toEqual([]);
    expect(eligibleIds(table, viewer, { minAge: 33, maxAge: 31 })).toEqual([]);
  });

  // A seeded LCG, so a failure is reproducible.
  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  /** People around `spots` (lat, lon), spread by up to `spread` degrees, 10% without a location. */
  function population(rnd: () => number, n: number, spots: [number, number][], spread: number): CandidateProfile[] {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    return Array.from({ length: n }, (_, i) => {
      const min = 18 + Math.floor(rnd() * 30);
      const [lat, lon] = pick(spots);
      const wrap = (x: number) => ((((x + 180) % 360) + 360) % 360) - 180;
      return profile(i + 1, {
        age: 18 + Math.floor(rnd() * 40),
        gender: pick(GENDERS),
        gendersSought: GENDERS.filter(() => rnd() < 0.5),
        ageMin: min,
        ageMax: min + Math.floor(rnd() * 25),
        ...(rnd() < 0.1
          ? { latitude: null, longitude: null }
          : {
              latitude: Math.max(-89.9, Math.min(89.9, lat + (rnd() - 0.5) * spread)),
              longitude: wrap(lon + (rnd() - 0.5) * spread),
            }),
        maxDistanceKm: rnd() < 0.3 ? null : 5 + rnd() * 300,
        isActive: rnd() < 0.9,
      });
    });
  }

  it.each([
    ['one region', [[52.5, 11]] as [number, number][], 5],
    // Cell edges, the antimeridian and high latitudes, where the cell bounds are the trickiest.
    [
      'edges, antimeridian, far north',
      [
        [0.5, 0.5],
        [-33.9, 179.9],
        [65, -179.8],
        [79.5, 20],
        [-60, 0],
      ] as [number, number][],
      4,
    ],
    ['the whole world', [[0, 0]] as [number, number][], 360],
  ])('agrees with rejectionReason (the rank endpoint\u2019s rules) on random people: %s', (_name, spots, spread) => {
    const all = population(random(42), 500, spots, spread);
    const t = tableOf(...all);
    let found = 0;
    for (const v of all.slice(0, 80)) {
      const expected = all
        .filter((c) => rejectionReason(v, c.id, c, { swiped: false, blocked: false }) === null)
        .map((c) => c.id);
      expect(eligibleIds(t, v)).toEqual(expected);
      found += expected.length;
      const within = all.filter(
        (c) =>
          rejectionReason(v, c.id, c, { swiped: false, blocked: false }) === null &&
          c.latitude !== null &&
          v.latitude !== null &&
          haversineKm(v.latitude, v.longitude!, c.latitude, c.longitude!) <= 40,
      );
      if (v.latitude !== null) expect(eligibleIds(t, v, { maxDistanceKm: 40 })).toEqual(within.map((c) => c.id));
    }
    expect(found).toBeGreaterThan(40); // the comparison is not vacuous
  });
});

describe('ProfileTable updates', () => {
  it('moves a profile between buckets on change and keeps the newer copy when events race', () => {
    const viewer = profile(1);
    const t = tableOf(viewer, man(2, { updatedAtMs: 10 }));
    expect(eligibleIds(t, viewer)).toEqual([2]);
    expect(t.upsert(man(2, { gender: 'female', updatedAtMs: 20 }))).toBe(true);
    expect(eligibleIds(t, viewer)).toEqual([]);
    expect(t.upsert(man(2, { updatedAtMs: 15 }))).toBe(false); // a late, older event
    expect(t.get(2)!.gender).toBe('female');
    t.upsert(man(2, { isActive: false, updatedAtMs: 30 }));
    t.upsert(man(3, { updatedAtMs: 30 }));
    expect(eligibleIds(t, viewer)).toEqual([3]);
    expect(t.get(2)!.isActive).toBe(false);
  });

  it('keeps every bucket row right through many removals from anywhere in a bucket (swap-remove)', () => {
    const viewer = profile(1);
    const t = tableOf(viewer);
    const active = new Set<number>();
    for (let id = 2; id <= 201; id++) {
      t.upsert(man(id, { updatedAtMs: 1 }));
      active.add(id);
    }
    // A fixed pseudo-random order of removals, deactivations and re-activations (all one bucket).
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let step = 2; step < 400; step++) {
      const id = 2 + next(200);
      const what = next(3);
      if (what === 0) {
        t.remove(id);
        active.delete(id);
      } else if (what === 1 && t.get(id)) {
        t.upsert(man(id, { isActive: false, updatedAtMs: step }));
        active.delete(id);
      } else if (t.get(id)) {
        t.upsert(man(id, { updatedAtMs: step }));
        active.add(id);
      }
      if (step % 50 === 0) expect(eligibleIds(t, viewer)).toEqual([...active].sort((a, b) => a - b));
    }
    const rows = t
      .eligible(new EligibilityCheck(viewer, {}, new Set()))
      .profiles()
      .map((p) => p.id);
    expect(new Set(rows).size).toBe(rows.length); // each once
    expect(rows.sort((a, b) => a - b)).toEqual([...active].sort((a, b) => a - b));
    expect(active.size).toBeGreaterThan(10); // not vacuous: some left
    expect(active.size).toBeLessThan(190); // and many gone
  });

  it('never brings back a removed user, whatever arrives later', () => {
    const viewer = profile(1);
    const t = tableOf(viewer, man(2), man(3), man(4));
    t.remove(3);
    expect(t.upsert(man(3, { updatedAtMs: 99 }))).toBe(false);
    expect(eligibleIds(t, viewer)).toEqual([2, 4]);
    expect(t.get(3)).toBeUndefined();
    expect(t.size).toBe(3);
    t.remove(77); // unknown: only a tombstone
    expect(t.upsert(man(77))).toBe(false);
  });
});

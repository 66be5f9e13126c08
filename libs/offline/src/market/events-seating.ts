/**
 * Who meets whom in the events regime (events.ts): the pools people are drawn into by whom they
 * seek, the product's hard rules checked both ways (at the written position and on the grid),
 * the seating of exactly `n` people into events of mutually eligible people, and the order of
 * the dates within an event.
 */
import type { UserView } from '@app/contracts/users/user.types';
import { rejectionReason } from '@app/ml/candidates/hard-rules';
import { gridPosition } from '@app/ml/features/geo';
import type { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { Profile } from '@app/ml/types';
import type { BuiltPerson } from './profiles';

/** Pools: who seeks whom. Mixed events seat kinds 0 and 1 on two sides, a same-sex group one kind. */
const WOMAN_SEEKING_MEN = 0;
const MAN_SEEKING_WOMEN = 1;
const WOMAN_SEEKING_WOMEN = 2;
const MAN_SEEKING_MEN = 3;
const KINDS = 4;

export type Rules = Pick<
  Profile,
  'id' | 'age' | 'gender' | 'latitude' | 'longitude' | 'gendersSought' | 'ageMin' | 'ageMax' | 'maxDistanceKm'
> & { isActive: boolean };

export interface Candidate {
  person: BuiltPerson;
  /** The profile as the hard rules see it: at its written position, and on the product's grid. */
  raw: Rules;
  grid: Rules;
  /** -1 when no event can seat this person. */
  kind: number;
  city: number;
}

/** An event as placed: candidate indices per side (one side for a same-sex group). */
export interface PlacedEvent {
  city: number;
  sides: number[][];
}

/** Which pool a profile goes to, or -1 (non-binary people: no event seats them). */
export function kindOf(u: UserView): number {
  const seeks = u.preferences.genders;
  if (u.gender === 'female') {
    if (seeks.includes('male')) return WOMAN_SEEKING_MEN;
    return seeks.includes('female') ? WOMAN_SEEKING_WOMEN : -1;
  }
  if (u.gender === 'male') {
    if (seeks.includes('female')) return MAN_SEEKING_WOMEN;
    return seeks.includes('male') ? MAN_SEEKING_MEN : -1;
  }
  return -1;
}

/** The fields the hard rules read, from the API's user shape (optionally on the product's grid). */
export function rulesProfile(u: UserView, onGrid: boolean): Rules {
  const position = onGrid ? gridPosition(u.latitude, u.longitude) : { latitude: u.latitude, longitude: u.longitude };
  return {
    id: u.id,
    age: u.age,
    gender: u.gender,
    ...position,
    gendersSought: u.preferences.genders,
    ageMin: u.preferences.age_min,
    ageMax: u.preferences.age_max,
    maxDistanceKm: u.preferences.max_distance_km,
    isActive: u.is_active,
  };
}

const NO_RELATIONS = { swiped: false, blocked: false };

/** True when the hard rules let each of a and b be shown to the other (no history between them). */
export function mutuallyEligible(a: Rules, b: Rules): boolean {
  return rejectionReason(a, b.id, b, NO_RELATIONS) === null && rejectionReason(b, a.id, a, NO_RELATIONS) === null;
}

function fits(x: Candidate, y: Candidate): boolean {
  return mutuallyEligible(x.raw, y.raw) && mutuallyEligible(x.grid, y.grid);
}

/**
 * Places exactly `n` people into events, drawing profiles with `draw(i)` as needed. Returns the
 * events and every profile drawn (placed or not).
 */
export function placeEvents(
  n: number,
  rng: SeededRandom,
  cities: number,
  sizes: { sideMin: number; sideMax: number },
  draw: (i: number) => Candidate,
  maxDraws: number,
): { events: PlacedEvent[]; drawn: Candidate[] } {
  const { sideMin, sideMax } = sizes;
  const minRest = 2 * sideMin;
  const pools: number[][] = Array.from({ length: cities * KINDS }, () => []);
  const drawn: Candidate[] = [];
  const events: PlacedEvent[] = [];
  let placed = 0;

  // The next event's sizes are drawn once and kept until an event of those sizes is seated (or
  // what is left to place no longer allows them), so sizes follow the drawn distribution instead of
  // favouring the small events that are easiest to seat.
  /** True when seating `total` leaves 0 or at least minRest people to place. */
  const leavesRoom = (total: number, rest: number): boolean =>
    total <= rest && (total === rest || rest - total >= minRest);
  let pendingMixed: [number, number] | null = null;
  let pendingGroup: number | null = null;

  /** Sizes of a mixed event's two sides, leaving 0 or at least minRest people to place; or null. */
  const mixedSizes = (rest: number): [number, number] | null => {
    if (rest < minRest) return null;
    if (pendingMixed && leavesRoom(pendingMixed[0] + pendingMixed[1], rest)) return pendingMixed;
    const a = sideMin + rng.int(sideMax - sideMin + 1);
    const b = Math.min(sideMax, Math.max(sideMin, a - 2 + rng.int(5)));
    pendingMixed = [a, b];
    if (!leavesRoom(a + b, rest)) {
      const total = rest <= 2 * sideMax ? rest : rest - minRest;
      const half = total >> 1;
      pendingMixed = rng.chance(0.5) ? [half, total - half] : [total - half, half];
    }
    return pendingMixed;
  };
  /** Size of a same-sex group (each meets size - 1 people), under the same rule; or null. */
  const groupSize = (rest: number): number | null => {
    const lo = sideMin + 1;
    const hi = sideMax + 1;
    if (pendingGroup !== null && leavesRoom(pendingGroup, rest)) return pendingGroup;
    pendingGroup = lo + rng.int(hi - lo + 1);
    if (leavesRoom(pendingGroup, rest)) return pendingGroup;
    if (rest >= lo && rest <= hi) return (pendingGroup = rest);
    if (rest - minRest >= lo && rest - minRest <= hi) return (pendingGroup = rest - minRest);
    return (pendingGroup = null);
  };

  /** Everyone in the anchor's pools except the anchor, closest in age first. */
  const byAgeCloseness = (x: number, keys: number[]): number[] => {
    const age = drawn[x].person.user.age;
    const out: number[] = [];
    for (const key of keys) for (const y of pools[key]) if (y !== x) out.push(y);
    const gap = (y: number): number => Math.abs(drawn[y].person.user.age - age);
    return out.sort((p, q) => gap(p) - gap(q) || p - q);
  };

  const tryMixed = (x: number): PlacedEvent | null => {
    const c = drawn[x];
    const sizes = mixedSizes(n - placed);
    if (!sizes) return null;
    const keys = [c.city * KINDS + WOMAN_SEEKING_MEN, c.city * KINDS + MAN_SEEKING_WOMEN];
    if (pools[keys[0]].length < sizes[0] || pools[keys[1]].length < sizes[1]) return null;
    const sides: number[][] = [[], []];
    sides[c.kind].push(x);
    const order = byAgeCloseness(x, keys);
    const taken = new Set<number>([x]);
    for (let pass = 0; pass < 2; pass++) {
      for (const y of order) {
        const s = drawn[y].kind;
        if (taken.has(y) || sides[s].length >= sizes[s]) continue;
        if (sides[1 - s].every((z) => fits(drawn[y], drawn[z]))) {
          sides[s].push(y);
          taken.add(y);
        }
      }
      if (sides[0].length === sizes[0] && sides[1].length === sizes[1]) return { city: c.city, sides };
    }
    return null;
  };

  const tryGroup = (x: number): PlacedEvent | null => {
    const c = drawn[x];
    const size = groupSize(n - placed);
    const key = c.city * KINDS + c.kind;
    if (size === null || pools[key].length < size) return null;
    const members = [x];
    for (const y of byAgeCloseness(x, [key])) {
      if (members.every((z) => fits(drawn[y], drawn[z]))) members.push(y);
      if (members.length === size) return { city: c.city, sides: [members] };
    }
    return null;
  };

  for (let i = 0; placed < n; i++) {
    if (i >= maxDraws) {
      throw new Error(`could not seat ${n} people at events from ${maxDraws} profiles (${placed} seated)`);
    }
    const c = draw(i);
    drawn.push(c);
    if (c.kind < 0) continue;
    const key = c.city * KINDS + c.kind;
    pools[key].push(i);
    const event = c.kind === WOMAN_SEEKING_MEN || c.kind === MAN_SEEKING_WOMEN ? tryMixed(i) : tryGroup(i);
    if (!event) continue;
    const seated = new Set(event.sides.flat());
    for (const k of [key, c.city * KINDS + (c.kind ^ 1)]) {
      if (k < pools.length) pools[k] = pools[k].filter((y) => !seated.has(y));
    }
    events.push(event);
    placed += seated.size;
    if (event.sides.length === 2) pendingMixed = null;
    else pendingGroup = null;
  }
  return { events, drawn };
}

/** Each meeting of an event: the two candidate indices and the round (0-based). */
export function eventMeetings(sides: number[][]): [number, number, number][] {
  const out: [number, number, number][] = [];
  if (sides.length === 2) {
    // The smaller side moves: in round r, seat i of it meets seat (i + r) mod p of the larger.
    const [small, large] = sides[0].length <= sides[1].length ? sides : [sides[1], sides[0]];
    const p = large.length;
    for (let i = 0; i < small.length; i++) {
      for (let r = 0; r < p; r++) out.push([small[i], large[(i + r) % p], r]);
    }
  } else {
    // Round robin (circle method): with an odd count g', i and j meet in round (i + j) mod g';
    // with an even count, the last person takes everyone's bye, the round where 2i = r mod g'.
    const m = sides[0];
    const odd = m.length % 2 === 1 ? m.length : m.length - 1;
    for (let i = 0; i < odd; i++) {
      for (let j = i + 1; j < odd; j++) out.push([m[i], m[j], (i + j) % odd]);
      if (odd < m.length) out.push([m[i], m[odd], (2 * i) % odd]);
    }
  }
  return out.sort((x, y) => x[2] - y[2]);
}

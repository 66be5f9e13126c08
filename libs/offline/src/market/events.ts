/**
 * The events regime: a market of speed-dating events, after the Columbia speed-dating experiment
 * (Fisman et al. 2006). People meet in small events; at a mixed-sex event everyone meets everyone
 * of the other sex for a four-minute date and then decides yes or no, so for every pair that met
 * both decisions exist. Same-sex groups (gay men, lesbians) meet everyone in the group.
 *
 * Profiles come from the app regime's profile code (`buildPerson`: OkCupid rows, genders, sought
 * genders, age windows, cities, interests); the hidden traits are the events model's
 * (`events-behaviour.ts`). Every pair at an event passes the product's hard rules both ways
 * (`rejectionReason`: genders sought, age windows, distance), on the written positions and on the
 * ~1 km grid the product reads them on, so the product's recommender could rank every pair.
 *
 * Placement. Profiles are drawn one after another into pools by city and kind (women and men who
 * seek the other sex; women, or men, who seek only their own). Each newcomer anchors an attempt:
 * the pool is scanned in order of age closeness to the newcomer, and a person joins when they fit
 * everyone they would meet; the attempt succeeds when every side reaches its drawn size
 * (`sideMin`..`sideMax`, a same-sex group one more). Sizes are drawn so that what is left to place
 * is never between 1 and 2·sideMin - 1, and the last event takes exactly what is left, so the market
 * has exactly the requested number of people, every one at an event. Profiles that never fit an
 * event (non-binary people, whom no event seats; ages or preferences no cohort in their city
 * meets; the surplus of the larger sex) are dropped: they are in no output file
 * (`generation.dropped` counts them).
 *
 * Time. Events are on random days of the simulated period, starting between 18:00 and 20:30
 * UTC; a date lasts four minutes and a round five; both decisions of a date are written within
 * the minute after it. Everyone signed up 1-28 days before their event; ids follow sign-up order.
 */
import { resolve } from 'node:path';
import type { UserView } from '@app/contracts/users/user.types';
import { rejectionReason } from '@app/ml/candidates/hard-rules';
import { gridPosition } from '@app/ml/features/geo';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { Profile } from '@app/ml/types';
import { CITIES, cityCountFor } from './cities';
import { EVENT_DIMS, EVENT_WEIGHTS, drawEventTraits } from './events-behaviour';
import {
  MARKET_START_MS,
  checkOptions,
  findRepoRoot,
  generationBase,
  openMarketFiles,
  type GenerateMarketOptions,
  type GenerateMarketResult,
} from './generate';
import { INTEREST_VOCABULARY } from './interests';
import { MarketModel } from './model';
import { defaultOkcupidPath, loadOkcupid } from './okcupid';
import { assignRows, buildPerson, type BuiltPerson } from './profiles';
import { DISLIKE, LIKE, SwipeBuffer } from './store';
import type { EventsGeneration, MarketTruth, TruthEvent, TruthPerson } from './truth.types';
import { ChunkedWriter, writeSwipes, writeTruthHead, writeTruthPerson, writeTruthTail } from './writers';

/** The events regime's settings (recorded in truth.json). */
export const EVENTS_DEFAULTS = {
  days: 60,
  sideMin: 10,
  sideMax: 25,
  roundMinutes: 5,
  dateMinutes: 4,
} as const;

/** Largest events market: placement keeps every drawn profile in memory. */
export const EVENTS_MAX_USERS = 200_000;
/** Profiles drawn per requested person before giving up (about 2-3 are needed). */
const MAX_DRAWS_PER_USER = 25;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Sub-streams of the events regime (the profile streams are the app regime's). */
const STREAM = { place: 0x45564e54, traits: 0x54524954, schedule: 0x5343484c, decide: 0x44454349 };

/** Pools: who seeks whom. Mixed events seat kinds 0 and 1 on two sides, a same-sex group one kind. */
const WOMAN_SEEKING_MEN = 0;
const MAN_SEEKING_WOMEN = 1;
const WOMAN_SEEKING_WOMEN = 2;
const MAN_SEEKING_MEN = 3;
const KINDS = 4;

type Rules = Pick<
  Profile,
  'id' | 'age' | 'gender' | 'latitude' | 'longitude' | 'gendersSought' | 'ageMin' | 'ageMax' | 'maxDistanceKm'
> & { isActive: boolean };

interface Candidate {
  person: BuiltPerson;
  /** The profile as the hard rules see it: at its written position, and on the product's grid. */
  raw: Rules;
  grid: Rules;
  /** -1 when no event can seat this person. */
  kind: number;
  city: number;
}

/** An event as placed: candidate indices per side (one side for a same-sex group). */
interface PlacedEvent {
  city: number;
  sides: number[][];
}

/** What `generateEventsMarket` wrote. */
export interface EventsMarketResult extends GenerateMarketResult {
  events: number;
  dropped: number;
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
function placeEvents(
  n: number,
  seed: number,
  cities: number,
  draw: (i: number) => Candidate,
  maxDraws: number,
): { events: PlacedEvent[]; drawn: Candidate[] } {
  const { sideMin, sideMax } = EVENTS_DEFAULTS;
  const minRest = 2 * sideMin;
  const rng = new SeededRandom(seed, STREAM.place);
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

/** Generates an events market into `outDir` (created if missing); deterministic for a given seed. */
export async function generateEventsMarket(options: GenerateMarketOptions): Promise<EventsMarketResult> {
  checkOptions(options);
  const { users: n, seed } = options;
  if (n > EVENTS_MAX_USERS) throw new Error(`users must be at most ${EVENTS_MAX_USERS} for the events regime`);
  const progress = options.onProgress ?? (() => undefined);
  const okcupidPath = resolve(options.okcupidPath ?? defaultOkcupidPath(findRepoRoot()));
  const rows = loadOkcupid(okcupidPath);
  const days = options.days ?? EVENTS_DEFAULTS.days;
  const cities = cityCountFor(n);
  const maxDraws = MAX_DRAWS_PER_USER * n;

  progress(`seating ${n} people at speed-dating events (profiles from ${rows.length} OkCupid rows)`);
  const assignment = assignRows(seed, maxDraws, rows.length);
  const draw = (i: number): Candidate => {
    const person = buildPerson(seed, i, rows[assignment.row[i]], assignment.resampled(i), MARKET_START_MS, cities);
    person.user.id = i + 1;
    return {
      person,
      raw: rulesProfile(person.user, false),
      grid: rulesProfile(person.user, true),
      kind: kindOf(person.user),
      city: person.city,
    };
  };
  // Pools are indexed by the index into CITIES (the `cities` most populous ones are used).
  const { events: placedEvents, drawn } = placeEvents(n, seed, CITIES.length, draw, maxDraws);
  progress(`${placedEvents.length} events seat ${n} people; ${drawn.length - n} of ${drawn.length} profiles dropped`);

  // Evenings: a random day each, in time order; sign-ups 1-28 days before; ids in sign-up order.
  const schedule = new SeededRandom(seed, STREAM.schedule);
  const starts = placedEvents.map(
    () => MARKET_START_MS + schedule.int(days) * DAY_MS + (18 * 60 + schedule.int(151)) * MINUTE_MS,
  );
  const eventOrder = placedEvents.map((_, e) => e).sort((a, b) => starts[a] - starts[b] || a - b);
  const signUp = new Map<number, number>();
  for (const e of eventOrder) {
    for (const x of placedEvents[e].sides.flat()) {
      signUp.set(x, Math.floor((starts[e] - (1 + schedule.next() * 27) * DAY_MS) / 1000) * 1000);
    }
  }
  const people = [...signUp.keys()].sort((a, b) => signUp.get(a)! - signUp.get(b)! || a - b);
  const indexOf = new Map<number, number>();
  people.forEach((x, i) => indexOf.set(x, i));

  const model = new MarketModel(n, EVENT_DIMS, EVENT_WEIGHTS, INTEREST_VOCABULARY);
  const hidden: TruthPerson[] = [];
  const users: UserView[] = [];
  for (let i = 0; i < n; i++) {
    const c = drawn[people[i]];
    const traits = drawEventTraits(new SeededRandom(seed, STREAM.traits, people[i]), c.person.user.gender);
    const created = new Date(signUp.get(people[i])!).toISOString();
    const user: UserView = { ...c.person.user, id: i + 1, created_at: created, updated_at: created };
    const truth: TruthPerson = {
      id: i + 1,
      orientation: c.person.hidden.orientation,
      attractiveness: traits.attractiveness,
      pickiness: traits.pickiness,
      activity: 0,
      activityDecayDays: 0,
      swipesPerSession: 0,
      superLikeRate: 0,
      taste: traits.taste,
      appeal: traits.appeal,
    };
    model.setPublic(i, user);
    model.setHidden(i, truth);
    users.push(user);
    hidden.push(truth);
  }

  // The evenings: both decisions of every date, drawn from the hidden like probability.
  const rng = new SeededRandom(seed, STREAM.decide);
  const buf = new SwipeBuffer();
  const decisions = new Int32Array(n);
  const lastMs = new Float64Array(n);
  const truthEvents: TruthEvent[] = [];
  const { roundMinutes, dateMinutes } = EVENTS_DEFAULTS;
  let yes = 0;
  let matches = 0;
  let pairs = 0;
  for (const e of eventOrder) {
    const ev = placedEvents[e];
    const sides = ev.sides.map((s) => s.map((x) => indexOf.get(x)!).sort((a, b) => a - b));
    truthEvents.push({
      id: truthEvents.length + 1,
      city: CITIES[ev.city].name,
      start: new Date(starts[e]).toISOString(),
      sides: sides.map((s) => s.map((i) => i + 1)),
    });
    for (const [a, b, round] of eventMeetings(sides)) {
      const end = starts[e] + (round * roundMinutes + dateMinutes) * MINUTE_MS;
      const ab = rng.next() < model.likeProb(a, b);
      const ba = rng.next() < model.likeProb(b, a);
      const tab = end + rng.int(60) * 1000;
      const tba = end + rng.int(60) * 1000;
      buf.push(a, b, ab ? LIKE : DISLIKE, tab);
      buf.push(b, a, ba ? LIKE : DISLIKE, tba);
      decisions[a]++;
      decisions[b]++;
      lastMs[a] = Math.max(lastMs[a], tab);
      lastMs[b] = Math.max(lastMs[b], tba);
      yes += Number(ab) + Number(ba);
      if (ab && ba) matches++;
      pairs++;
    }
  }
  for (let i = 0; i < n; i++) users[i].last_active_at = new Date(lastMs[i]).toISOString();

  const { files, interactions } = await openMarketFiles(options.outDir);
  await writeSwipes(interactions, buf, buf.order());
  await interactions.close();

  const generation: EventsGeneration = {
    ...generationBase('events', { seed, users: n, days, okcupidPath, okcupidRows: rows.length, cities }),
    sideMin: EVENTS_DEFAULTS.sideMin,
    sideMax: EVENTS_DEFAULTS.sideMax,
    roundMinutes,
    candidatesDrawn: drawn.length,
    dropped: drawn.length - n,
  };
  let minDecisions = Infinity;
  let maxDecisions = 0;
  for (const d of decisions) {
    minDecisions = Math.min(minDecisions, d);
    maxDecisions = Math.max(maxDecisions, d);
  }
  const mixed = placedEvents.filter((ev) => ev.sides.length === 2).length;
  const head: Omit<MarketTruth, 'people'> = {
    format: 'dating-market-truth',
    version: 1,
    dims: EVENT_DIMS,
    weights: EVENT_WEIGHTS,
    generation,
    summary: {
      interactions: buf.length,
      likes: yes,
      superLikes: 0,
      dislikes: buf.length - yes,
      blocks: 0,
      matches,
      swipers: n,
      events: {
        events: placedEvents.length,
        mixedEvents: mixed,
        sameSexEvents: placedEvents.length - mixed,
        minDecisions,
        maxDecisions,
        yesRate: round4(yes / buf.length),
        matchRate: round4(matches / pairs),
        pairs,
      },
    },
    events: truthEvents,
  };
  const usersOut = new ChunkedWriter(files.users);
  const truthOut = new ChunkedWriter(files.truth);
  await writeTruthHead(truthOut, head);
  for (let i = 0; i < n; i++) {
    await usersOut.write(JSON.stringify(users[i]) + '\n');
    await writeTruthPerson(truthOut, hidden[i], i === n - 1);
  }
  await writeTruthTail(truthOut);
  await Promise.all([usersOut.close(), truthOut.close()]);
  progress(
    `done: ${n} people at ${placedEvents.length} events, ${buf.length} decisions ` +
      `(yes rate ${round4(yes / buf.length)}, ${matches} matches of ${pairs} pairs)`,
  );
  return { users: n, interactions: buf.length, files, events: placedEvents.length, dropped: drawn.length - n };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

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
import { SeededRandom } from '@app/ml/primitives/seeded-random';
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
import { assignRows, buildPerson } from './profiles';
import { type Candidate, eventMeetings, kindOf, placeEvents, rulesProfile } from './events-seating';
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

/** What `generateEventsMarket` wrote. */
export interface EventsMarketResult extends GenerateMarketResult {
  events: number;
  dropped: number;
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
  const { events: placedEvents, drawn } = placeEvents(
    n,
    new SeededRandom(seed, STREAM.place),
    CITIES.length,
    EVENTS_DEFAULTS,
    draw,
    maxDraws,
  );
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

/**
 * The hidden truth of a synthetic market (what `truth.json` holds) and the scorer that turns it
 * back into the like probability the generator drew every decision from. Because the generator
 * and the scorer share `MarketModel`, ranking by this scorer is the best possible ranking.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { UserView } from '@app/contracts/users/user.types';
import { MarketModel } from './model';

/** Orientation as recorded by OkCupid; hidden from the API, which only carries preferences. */
export type Orientation = 'straight' | 'gay' | 'bisexual';

/** Coefficients of the like logit (see `MarketModel.likeLogit`). */
export interface TruthWeights {
  /** Global intercept of the logit. */
  bias: number;
  /** Weight of taste(actor)·appeal(target) / sqrt(dims). */
  latent: number;
  /** Weight of ln(attractiveness of target). */
  attractiveness: number;
  /** Weight of the Jaccard overlap of both interest sets. */
  interests: number;
  /** Penalty per squared age gap, normalised by half the actor's age window. */
  age: number;
  /** Penalty per ln(1 + km / distanceScaleKm). */
  distance: number;
  distanceScaleKm: number;
  /** Logit penalty when the target's gender is not sought by the actor. */
  genderMismatch: number;
  /** Logit penalty when the target lies outside the actor's age window or max distance. */
  outsidePreferences: number;
}

/** Hidden parameters of one person. */
export interface TruthPerson {
  id: number;
  orientation: Orientation;
  /** Heavy-tailed (lognormal) appeal to everyone; enters the logit as ln(attractiveness). */
  attractiveness: number;
  /** Subtracted from the actor's logit: higher means likes fewer people. */
  pickiness: number;
  /** Expected sessions per day right after joining. */
  activity: number;
  /** Time constant (days) of the exponential decay of activity after joining. */
  activityDecayDays: number;
  /** Mean swipes per session (geometric). */
  swipesPerSession: number;
  /** Share of likes sent as super likes. */
  superLikeRate: number;
  /** What this person looks for (dims numbers). */
  taste: number[];
  /** What this person offers (dims numbers). */
  appeal: number[];
}

/** Settings the market was generated with (enough to regenerate it). */
export interface MarketGeneration {
  seed: number;
  users: number;
  days: number;
  /** ISO time of the first simulated day (00:00 UTC). */
  start: string;
  /** ISO time just after the last simulated day. */
  end: string;
  okcupidFile: string;
  okcupidRows: number;
  /** Number of cities used (the most populous ones; small markets use fewer). */
  cities: number;
  /** Share of users who joined before `start`, spread over the `initialSpanDays` before it. */
  initialShare: number;
  initialSpanDays: number;
  /** Share of a person's initial activity that never decays (dormant users still drop by). */
  activityFloor: number;
  /** Feed mix: share of slots offered to inbound likers, popular people, the rest random. */
  feedInboundShare: number;
  feedPopularShare: number;
  /** Probability that a dislike is a block instead. */
  blockRate: number;
  /** Days without a session after which a person stops being shown to others. */
  lapseDays: number;
}

/** Counts of what the simulation produced. */
export interface MarketSummary {
  interactions: number;
  likes: number;
  superLikes: number;
  dislikes: number;
  blocks: number;
  /** Pairs where both sides sent a like or super like. */
  matches: number;
  /** Users with at least one swipe. */
  swipers: number;
}

/** Everything `truth.json` holds. `people[i]` are in id order. */
export interface MarketTruth {
  format: 'dating-market-truth';
  version: 1;
  dims: number;
  weights: TruthWeights;
  generation: MarketGeneration;
  summary: MarketSummary;
  people: TruthPerson[];
}

/**
 * Returns the hidden probability that `actorId` likes `targetId` if shown, built from the truth
 * and the users' public profiles (ids must appear in both). Throws on unknown ids.
 */
export function createTruthScorer(truth: MarketTruth, users: UserView[]): (actorId: number, targetId: number) => number {
  const model = MarketModel.fromTruth(truth, users);
  // Generated ids are dense (1..N): an array lookup is several times faster than a Map per call.
  let maxId = 0;
  let minId = 0;
  for (let i = 0; i < model.n; i++) {
    maxId = Math.max(maxId, model.ids[i]);
    minId = Math.min(minId, model.ids[i]);
  }
  if (minId < 0 || maxId > 4 * model.n + 1024) {
    const index = model.indexOf;
    return (actorId: number, targetId: number): number => model.likeProb(index(actorId), index(targetId));
  }
  const dense = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < model.n; i++) dense[model.ids[i]] = i;
  const index = (id: number): number => {
    const i = Number.isInteger(id) && id >= 0 && id <= maxId ? dense[id] : -1;
    if (i < 0) throw new Error(`unknown user id ${id}`);
    return i;
  };
  return (actorId: number, targetId: number): number => model.likeProb(index(actorId), index(targetId));
}

/**
 * Reads a `truth.json` written by the generator. It streams line by line, since a million-user
 * truth is too large for one string; it also accepts any other valid JSON layout of the file.
 */
export async function loadTruth(path: string): Promise<MarketTruth> {
  const head: string[] = [];
  const people: TruthPerson[] = [];
  let inPeople = false;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const t = line.trim();
    if (inPeople) {
      // The generator writes one person per line between `"people": [` and `]`.
      if (t === ']' || t === '],') {
        inPeople = false;
        head.push('"people": []' + (t.endsWith(',') ? ',' : ''));
      } else if (t !== '') {
        people.push(JSON.parse(t.endsWith(',') ? t.slice(0, -1) : t) as TruthPerson);
      }
    } else if (t === '"people": [') {
      inPeople = true;
    } else {
      head.push(line);
    }
  }
  const parsed = JSON.parse(head.join('\n')) as MarketTruth;
  if (people.length > 0) parsed.people = people;
  if (parsed.format !== 'dating-market-truth') throw new Error(`${path} is not a market truth file`);
  return parsed;
}

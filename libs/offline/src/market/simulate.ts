/**
 * The day-by-day simulation: people open the app in sessions, see a feed drawn from who they
 * could plausibly be shown (their filters both ways, nearby, a mix of people who liked them,
 * popular and random people), and decide from the hidden like probability. Pools are bucketed by
 * city, gender and age band, so the work is proportional to the swipes, not to N^2.
 */
import { CITIES, cityDistances } from './cities';
import type { MarketModel } from './model';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { STREAM } from './profiles';
import { BLOCK, DISLIKE, LIKE, LikeQueues, PairMap, SUPER_LIKE, SwipeBuffer, assertPairCapacity } from './store';
import type { AppGeneration, MarketSummary } from './truth.types';

const DAY_MS = 86_400_000;
const AGE_BANDS = 16;
const GENDERS = 3;
/** How far beyond the city centre distance a feed looks, since homes lie up to 25 km out. */
const REACH_SLACK_KM = 50;
/** Feed radius for people who set no maximum distance. */
const OPEN_REACH_KM = 300;
/** People from other cities are shown less often than locals. */
const OTHER_CITY_WEIGHT = 0.5;
const MAX_SESSIONS_PER_DAY = 6;
const MAX_SWIPES_PER_SESSION = 200;
/** Milliseconds between two swipes of a session: 1.5 to 9.5 s. */
const GAP_MIN_MS = 1500;
const GAP_SPAN_MS = 8000;
/** Candidates drawn for the "popular" slot; the most liked so far wins. */
const TOURNAMENT = 3;

/** Per-person inputs of the simulation (index i is user id i + 1). */
export interface SimulationInput {
  model: MarketModel;
  city: Uint8Array;
  joinMs: Float64Array;
  activity: Float64Array;
  decayDays: Float64Array;
  swipesPerSession: Float64Array;
  superLikeRate: Float64Array;
  seed: number;
  startMs: number;
  generation: Pick<
    AppGeneration,
    'days' | 'feedInboundShare' | 'feedPopularShare' | 'blockRate' | 'lapseDays' | 'activityFloor'
  >;
  /** Receives each day's swipes; `order` lists buffer indices in time order. */
  emitDay: (swipes: SwipeBuffer, order: Uint32Array) => Promise<void>;
  onProgress?: (msg: string) => void;
}

/** What the simulation leaves behind. */
export interface SimulationResult {
  lastActiveMs: Float64Array;
  summary: MarketSummary;
}

function band(age: number): number {
  return Math.min(AGE_BANDS - 1, Math.max(0, (age - 18) >> 2));
}

/** Runs every simulated day and streams the swipes through `emitDay`. */
export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  const { model, city, joinMs, generation: g } = input;
  const n = model.n;
  assertPairCapacity(n);
  const rng = new SeededRandom(input.seed, STREAM.sim);
  const lapseMs = g.lapseDays * DAY_MS;
  const nc = CITIES.length;
  const cityKm = cityDistances();

  // Each bucket owns a fixed slice of `members` (its size is known up front); the first live[b]
  // entries are the people currently shown. Lapsed people are swapped out when met, and put back
  // when they open the app again, so feeds do not waste draws on the dormant.
  const buckets = nc * GENDERS * AGE_BANDS;
  const bucketOf = new Int32Array(n);
  const bucketStart = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    bucketOf[i] = (city[i] * GENDERS + model.gender[i]) * AGE_BANDS + band(model.age[i]);
    bucketStart[bucketOf[i] + 1]++;
  }
  for (let b = 0; b < buckets; b++) bucketStart[b + 1] += bucketStart[b];
  const members = new Int32Array(n);
  const live = new Int32Array(buckets);
  const slot = new Int32Array(n).fill(-1);
  const addToPool = (i: number): void => {
    if (slot[i] >= 0) return;
    const b = bucketOf[i];
    const at = bucketStart[b] + live[b]++;
    members[at] = i;
    slot[i] = at;
  };
  const removeFromPool = (i: number): void => {
    const at = slot[i];
    if (at < 0) return;
    const b = bucketOf[i];
    const lastAt = bucketStart[b] + --live[b];
    const moved = members[lastAt];
    members[at] = moved;
    slot[moved] = at;
    slot[i] = -1;
  };

  const lastActive = new Float64Array(n);
  const likesReceived = new Int32Array(n);
  const swiped = new Uint8Array(n);
  const pairs = new PairMap(Math.min(n * 40, 1 << 24));
  const queues = new LikeQueues(n);
  const buf = new SwipeBuffer();
  const summary: MarketSummary = {
    interactions: 0,
    likes: 0,
    superLikes: 0,
    dislikes: 0,
    blocks: 0,
    matches: 0,
    swipers: 0,
  };

  const feedBuckets = new Int32Array(buckets);
  const feedWeights = new Float64Array(buckets);
  let feedCount = 0;
  let feedTotal = 0;

  /** Lists the pool buckets person a may be shown from (their city reach, genders, ages). */
  const collectBuckets = (a: number): void => {
    feedCount = 0;
    feedTotal = 0;
    const reach = Number.isFinite(model.maxDistance[a]) ? model.maxDistance[a] + REACH_SLACK_KM : OPEN_REACH_KM;
    const lo = band(model.ageMin[a]);
    const hi = band(model.ageMax[a]);
    for (let c = 0; c < nc; c++) {
      if (cityKm[city[a] * nc + c] > reach) continue;
      const w = c === city[a] ? 1 : OTHER_CITY_WEIGHT;
      for (let gd = 0; gd < GENDERS; gd++) {
        if ((model.sought[a] & (1 << gd)) === 0) continue;
        for (let ab = lo; ab <= hi; ab++) {
          const b = (c * GENDERS + gd) * AGE_BANDS + ab;
          if (live[b] === 0) continue;
          feedBuckets[feedCount] = b;
          feedWeights[feedCount++] = live[b] * w;
          feedTotal += live[b] * w;
        }
      }
    }
  };

  /** One live person from the feed buckets (weighted by size); popular draws favour the most liked. */
  const drawFromBuckets = (popular: boolean): number => {
    let x = rng.next() * feedTotal;
    let k = 0;
    while (k < feedCount - 1 && (x -= feedWeights[k]) >= 0) k++;
    const bk = feedBuckets[k];
    const size = live[bk];
    if (size === 0) return -1;
    let best = members[bucketStart[bk] + rng.int(size)];
    if (popular) {
      for (let j = 1; j < TOURNAMENT; j++) {
        const c = members[bucketStart[bk] + rng.int(size)];
        if (likesReceived[c] > likesReceived[best]) best = c;
      }
    }
    return best;
  };

  /** Whether b may appear in a's feed at time t (both sides' filters, not yet decided, live). */
  const showable = (a: number, b: number, t: number): boolean => {
    if (b === a || joinMs[b] > t) return false;
    if (lastActive[b] < t - lapseMs && joinMs[b] < t - lapseMs) {
      removeFromPool(b);
      return false;
    }
    if (pairs.get(a, b) !== 0 || pairs.get(b, a) === BLOCK) return false;
    const km = model.distanceKm(a, b);
    return model.accepts(a, b, km) && model.accepts(b, a, km);
  };

  const runSession = (a: number, start: number, length: number): void => {
    lastActive[a] = start;
    addToPool(a);
    collectBuckets(a);
    let t = start;
    let done = 0;
    for (let attempt = 0; done < length && attempt < 4 * length + 10; attempt++) {
      // Each slot goes to someone who liked a (if any is waiting), a popular or a random person.
      const r = rng.next();
      const inbound = r < g.feedInboundShare;
      let b = inbound ? queues.pop(a, t) : -1;
      if (b < 0) {
        if (feedCount === 0) {
          if (inbound) continue;
          break;
        }
        b = drawFromBuckets(!inbound && r < g.feedInboundShare + g.feedPopularShare);
        if (b < 0) continue;
      }
      if (!showable(a, b, t)) continue;
      const liked = rng.next() < model.likeProb(a, b);
      const code = liked
        ? rng.next() < input.superLikeRate[a]
          ? SUPER_LIKE
          : LIKE
        : rng.next() < g.blockRate
          ? BLOCK
          : DISLIKE;
      pairs.set(a, b, code);
      buf.push(a, b, code, t);
      done++;
      if (liked) {
        likesReceived[b]++;
        const back = pairs.get(b, a);
        if (back === LIKE || back === SUPER_LIKE) summary.matches++;
        else if (back === 0) queues.push(b, a, t);
      }
      t += GAP_MIN_MS + rng.int(GAP_SPAN_MS);
    }
    if (done > 0 && swiped[a] === 0) {
      swiped[a] = 1;
      summary.swipers++;
    }
  };

  // People present at the start were last seen some days before it.
  let present = 0;
  while (present < n && joinMs[present] < input.startMs) {
    lastActive[present] = Math.max(joinMs[present], input.startMs - Math.round(rng.next() * rng.next() * 20 * DAY_MS));
    addToPool(present);
    present++;
  }

  const sessUser: number[] = [];
  const sessStart: number[] = [];
  const sessLen: number[] = [];
  const began = Date.now();
  let lastReport = began;
  for (let day = 0; day < g.days; day++) {
    const dayStart = input.startMs + day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    while (present < n && joinMs[present] < dayEnd) {
      lastActive[present] = joinMs[present];
      addToPool(present);
      present++;
    }
    sessUser.length = sessStart.length = sessLen.length = 0;
    const mid = dayStart + DAY_MS / 2;
    for (let i = 0; i < present; i++) {
      const age = (mid - joinMs[i]) / DAY_MS;
      const rate =
        input.activity[i] *
        (g.activityFloor + (1 - g.activityFloor) * Math.exp(-Math.max(0, age) / input.decayDays[i]));
      const sessions = Math.min(MAX_SESSIONS_PER_DAY, rng.poisson(rate));
      for (let s = 0; s < sessions; s++) {
        const length = Math.min(MAX_SWIPES_PER_SESSION, rng.geometric(input.swipesPerSession[i]));
        const lo = Math.max(dayStart, joinMs[i]);
        // Sessions end before midnight so every day's swipes precede the next day's.
        const hi = dayEnd - 1 - length * (GAP_MIN_MS + GAP_SPAN_MS);
        if (hi <= lo) continue;
        sessUser.push(i);
        sessStart.push(Math.floor(lo + rng.next() * (hi - lo)));
        sessLen.push(length);
      }
    }
    const order = Uint32Array.from(sessUser.keys()).sort((x, y) => sessStart[x] - sessStart[y] || x - y);
    for (const s of order) runSession(sessUser[s], sessStart[s], sessLen[s]);

    const swipeOrder = buf.order();
    for (let k = 0; k < buf.length; k++) {
      const c = buf.type[k];
      if (c === LIKE) summary.likes++;
      else if (c === SUPER_LIKE) summary.superLikes++;
      else if (c === DISLIKE) summary.dislikes++;
      else summary.blocks++;
    }
    summary.interactions += buf.length;
    await input.emitDay(buf, swipeOrder);
    buf.clear();

    const now = Date.now();
    if (input.onProgress && (now - lastReport >= 2000 || day === g.days - 1)) {
      lastReport = now;
      const secs = (now - began) / 1000;
      input.onProgress(
        `day ${day + 1}/${g.days}: ${present} users joined, ${summary.interactions} swipes, ${summary.matches} matches, ` +
          `${Math.round(summary.interactions / Math.max(secs, 1e-3))} swipes/s`,
      );
    }
  }
  return { lastActiveMs: lastActive, summary };
}

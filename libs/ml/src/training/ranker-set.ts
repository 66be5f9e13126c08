/**
 * Training and validation rows of the ranker from logged history, so that no row sees its own
 * outcome (leakage would teach the ranker to trust features that are not there online):
 * - the like rates (openness and appeal) come from every swipe of the training window but the
 *   row's own (window-rates.ts), as serving reads them from all history; a validation row (after
 *   the window) reads the whole window, as a request would;
 * - the other aggregates and "the candidate already liked the viewer" come from a replay of every
 *   swipe before the row (they are about time: activity, recency, who already said yes);
 * - the embedding scores come from a model that never saw the row's pair (`embedding.covers`);
 *   the other rows have none (emb_known = 0), exactly like a pair the served model does not know.
 *   Scores from a model that was trained on the row's own swipe would be near-perfect (such a
 *   model separates its training swipes almost completely) and useless online.
 */
import { pairFeatures } from '../features/pair';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/names';
import { smoothedLogOdds } from '../features/like-rates';
import { rankerLabel } from '../ranker/train';
import type { Profile, Swipe } from '../types';
import { isPositiveSwipe } from '@app/contracts';
import { pairKey, RunningAggregates } from './running-aggregates';
import { WindowRates } from './window-rates';

/** A profile shown to `viewer` at `ts`. */
export interface TimedImpression {
  viewer: number;
  shown: number;
  ts: number;
}

/** Embedding logits u -> v from a model, for the pairs it never saw. */
export interface PairScorer {
  /** Whether the row of (viewer, candidate) at `ts` gets embedding features: the model never saw it. */
  covers: (viewer: number, candidate: number, ts: number) => boolean;
  score: (u: number, v: number) => number;
}

export interface RankerRowsInput {
  /** Every swipe (any order); all feed the aggregates, those after `fromMs` become rows. */
  swipes: readonly Swipe[];
  impressions: readonly TimedImpression[];
  profiles: ReadonlyMap<number, Profile>;
  /** Rows are the swipes and unanswered impressions with ts > fromMs (-Infinity: all history). */
  fromMs: number;
  /**
   * Rows with ts <= splitMs are training rows; later ones are validation rows, swipes only: an
   * impression in the validation period was chosen by the model being judged and may simply not
   * be answered yet, so it is no honest negative there. Default: no validation rows.
   */
  splitMs?: number;
  /**
   * The training window's end: rows up to it read the like rates of the whole window minus their
   * own swipe; later rows read the whole window. Default: `splitMs` (all history when none).
   */
  ratesUntilMs?: number;
  /** The model of the embedding features; null: none. */
  embedding: PairScorer | null;
  /** Keep only the most recent rows beyond this many, on each side of the split (bounds time and memory). */
  maxRows?: number;
}

/** Row-major vectors (FEATURE_NAMES order) and labels, in time order. */
export interface RankerRows {
  vectors: Float32Array;
  labels: Float32Array;
  ts: Float64Array;
  /** 1 where the row is a swipe, 0 where it is an unanswered impression. */
  isSwipe: Uint8Array;
  /** Each row's pair. */
  viewers: Float64Array;
  candidates: Float64Array;
  n: number;
  /** Rows [0, split) are training rows, [split, n) validation rows. */
  split: number;
  swipeRows: number;
  impressionRows: number;
  /** Rows whose embedding features came from a model (the rest have emb_known = 0). */
  embeddingRows: number;
  /** The like rate of the window, the prior of every row's like rates. */
  marketLikeRate: number;
}

type Event = { kind: 'swipe'; s: Swipe } | { kind: 'impression'; i: TimedImpression };

/** Builds the rows; a swipe or impression whose profiles are missing (deleted user) is skipped. */
export function buildRankerRows(input: RankerRowsInput): RankerRows {
  const splitMs = input.splitMs ?? Infinity;
  const swiped = new Set<number>();
  for (const s of input.swipes) swiped.add(pairKey(s.actor, s.target));
  // An impression is a row only if it was never answered by a swipe (the swipe is the row then),
  // and only once per pair: showing the same profile twice is one "not interested".
  const impressionPairs = new Set<number>();
  const events: Event[] = input.swipes.map((s) => ({ kind: 'swipe', s }));
  for (const i of input.impressions) {
    const key = pairKey(i.viewer, i.shown);
    if (i.ts <= input.fromMs || i.ts > splitMs || swiped.has(key) || impressionPairs.has(key)) continue;
    impressionPairs.add(key);
    events.push({ kind: 'impression', i });
  }
  const tsOf = (e: Event): number => (e.kind === 'swipe' ? e.s.ts : e.i.ts);
  // Impressions before swipes at the same instant: what was shown precedes what was done.
  // (Swipes alone usually arrive sorted, and a sorted array needs no sort.)
  const before = (a: Event, b: Event): number =>
    tsOf(a) - tsOf(b) || (a.kind === b.kind ? 0 : a.kind === 'impression' ? -1 : 1);
  let sorted = true;
  for (let e = 1; e < events.length && sorted; e++) sorted = before(events[e - 1], events[e]) <= 0;
  if (!sorted) events.sort(before);

  const firstAfter = (ms: number): number => {
    const i = events.findIndex((e) => tsOf(e) > ms);
    return i < 0 ? events.length : i;
  };
  const first = firstAfter(input.fromMs);
  const split = Math.max(first, firstAfter(splitMs));
  // Drop the oldest events of each side beyond maxRows; the replay still covers them for the aggregates.
  const cap = input.maxRows ?? Infinity;
  const trainFrom = Math.max(first, split - cap);
  const validFrom = Math.max(split, events.length - cap);
  const wanted = split - trainFrom + (events.length - validFrom);

  const agg = new RunningAggregates();
  const ratesUntil = input.ratesUntilMs ?? splitMs;
  const rates = new WindowRates(input.swipes, ratesUntil);
  const vectors = new Float32Array(wanted * FEATURE_COUNT);
  const labels = new Float32Array(wanted);
  const ts = new Float64Array(wanted);
  const isSwipe = new Uint8Array(wanted);
  const viewers = new Float64Array(wanted);
  const candidates = new Float64Array(wanted);
  let n = 0;
  let nSplit = -1;
  let swipeRows = 0;
  let impressionRows = 0;
  let embeddingRows = 0;
  for (let e = 0; e < events.length; e++) {
    const ev = events[e];
    if (e === split) nSplit = n;
    const [viewer, candidate] = ev.kind === 'swipe' ? [ev.s.actor, ev.s.target] : [ev.i.viewer, ev.i.shown];
    if ((e >= trainFrom && e < split) || e >= validFrom) {
      const v = input.profiles.get(viewer);
      const c = input.profiles.get(candidate);
      if (v && c && viewer !== candidate) {
        const back = agg.latestType(candidate, viewer);
        const now = tsOf(ev);
        const model = input.embedding?.covers(viewer, candidate, now) ? input.embedding : null;
        const x = pairFeatures({
          viewer: v,
          candidate: c,
          viewerAggregates: agg.get(viewer),
          candidateAggregates: agg.get(candidate),
          embedding: model
            ? { forward: model.score(viewer, candidate), backward: model.score(candidate, viewer) }
            : null,
          candidateLikedViewer: back !== undefined && isPositiveSwipe(back),
          nowMs: now,
          marketLikeRate: rates.marketLikeRate,
          rates: rates.forRow(viewer, candidate, ev.kind === 'swipe' && now <= ratesUntil),
        }).vector;
        vectors.set(x, n * FEATURE_COUNT);
        labels[n] = rankerLabel(ev.kind === 'swipe' ? ev.s.type : 'impression');
        ts[n] = now;
        isSwipe[n] = ev.kind === 'swipe' ? 1 : 0;
        viewers[n] = viewer;
        candidates[n] = candidate;
        n++;
        if (ev.kind === 'swipe') swipeRows++;
        else impressionRows++;
        if (model) embeddingRows++;
      }
    }
    // The outcome is applied only after its row was written: the row sees strictly the past.
    if (ev.kind === 'swipe') agg.apply(ev.s);
  }
  if (nSplit < 0) nSplit = n;
  return {
    vectors: vectors.subarray(0, n * FEATURE_COUNT),
    labels: labels.subarray(0, n),
    ts: ts.subarray(0, n),
    isSwipe: isSwipe.subarray(0, n),
    viewers: viewers.subarray(0, n),
    candidates: candidates.subarray(0, n),
    n,
    split: nSplit,
    swipeRows,
    impressionRows,
    embeddingRows,
    marketLikeRate: rates.marketLikeRate,
  };
}

/** The like-rate columns of both sides of a row (their block offsets differ). */
const RATE_COLUMNS = {
  viewerGiven: FEATURE_INDEX.viewer_like_rate_given_logit,
  viewerReceived: FEATURE_INDEX.viewer_like_rate_received_logit,
  candidateGiven: FEATURE_INDEX.cand_like_rate_given_logit,
  candidateReceived: FEATURE_INDEX.cand_like_rate_received_logit,
};

/**
 * The rows with their like rates read from another window: every swipe row then leaves out its
 * own swipe from `window` (the serving refit, once the validation swipes train too). The other
 * features do not depend on the window, so the rows are not replayed again.
 */
export function withRatesOf(rows: RankerRows, window: WindowRates): RankerRows {
  const vectors = rows.vectors.slice();
  const m = window.marketLikeRate;
  for (let r = 0; r < rows.n; r++) {
    const { viewer, candidate } = window.forRow(rows.viewers[r], rows.candidates[r], rows.isSwipe[r] === 1);
    const x = vectors.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);
    x[RATE_COLUMNS.viewerGiven] = smoothedLogOdds(viewer.likesGiven, viewer.swipesGiven, m);
    x[RATE_COLUMNS.viewerReceived] = smoothedLogOdds(viewer.likesReceived, viewer.swipesReceived, m);
    x[RATE_COLUMNS.candidateGiven] = smoothedLogOdds(candidate.likesGiven, candidate.swipesGiven, m);
    x[RATE_COLUMNS.candidateReceived] = smoothedLogOdds(candidate.likesReceived, candidate.swipesReceived, m);
  }
  return { ...rows, vectors, marketLikeRate: m };
}

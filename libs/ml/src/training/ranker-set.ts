/**
 * Training rows of the ranker from logged history, each computed as of its own time: aggregates
 * and "the candidate already liked the viewer" come from a replay of every swipe before the row,
 * and the embedding scores from a model trained only on data before the slice, so no row sees
 * its own outcome (leakage would teach the ranker to trust features that are not there online).
 */
import { pairFeatures } from '../features/pair';
import { FEATURE_COUNT } from '../features/names';
import { rankerLabel } from '../ranker/train';
import type { Profile, Swipe } from '../types';
import { isPositiveSwipe } from '../types';
import { RunningAggregates } from './running-aggregates';

/** A profile shown to `viewer` at `ts`. */
export interface TimedImpression {
  viewer: number;
  shown: number;
  ts: number;
}

export interface RankerRowsInput {
  /** Every swipe (any order); those after `fromMs` become rows, all feed the aggregates. */
  swipes: readonly Swipe[];
  impressions: readonly TimedImpression[];
  profiles: ReadonlyMap<number, Profile>;
  /** Rows are the swipes and unanswered impressions with ts > fromMs. */
  fromMs: number;
  /** Embedding logit u -> v from a model that has not seen the rows; null: no embedding features. */
  embedding: ((u: number, v: number) => number) | null;
  /** Keep only the most recent rows beyond this many (bounds training time). */
  maxRows?: number;
}

/** Row-major vectors (FEATURE_NAMES order) and labels, in time order. */
export interface RankerRows {
  vectors: Float32Array;
  labels: Float32Array;
  ts: Float64Array;
  n: number;
  swipeRows: number;
  impressionRows: number;
}

type Event = { kind: 'swipe'; s: Swipe } | { kind: 'impression'; i: TimedImpression };

/** Builds the rows; a swipe or impression whose profiles are missing (deleted user) is skipped. */
export function buildRankerRows(input: RankerRowsInput): RankerRows {
  const swiped = new Set<string>();
  for (const s of input.swipes) swiped.add(`${s.actor}:${s.target}`);
  // An impression is a row only if it was never answered by a swipe (the swipe is the row then),
  // and only once per pair: showing the same profile twice is one "not interested".
  const impressionPairs = new Set<string>();
  const events: Event[] = input.swipes.map((s) => ({ kind: 'swipe', s }));
  for (const i of input.impressions) {
    const key = `${i.viewer}:${i.shown}`;
    if (i.ts <= input.fromMs || swiped.has(key) || impressionPairs.has(key)) continue;
    impressionPairs.add(key);
    events.push({ kind: 'impression', i });
  }
  const tsOf = (e: Event): number => (e.kind === 'swipe' ? e.s.ts : e.i.ts);
  // Impressions before swipes at the same instant: what was shown precedes what was done.
  events.sort((a, b) => tsOf(a) - tsOf(b) || (a.kind === b.kind ? 0 : a.kind === 'impression' ? -1 : 1));

  let first = events.findIndex((e) => tsOf(e) > input.fromMs);
  if (first < 0) first = events.length;
  let rowsWanted = events.length - first;
  // Drop the oldest rows beyond maxRows; replay still covers them for the aggregates.
  let skipRows = input.maxRows !== undefined && rowsWanted > input.maxRows ? rowsWanted - input.maxRows : 0;
  rowsWanted -= skipRows;

  const agg = new RunningAggregates();
  const vectors = new Float32Array(rowsWanted * FEATURE_COUNT);
  const labels = new Float32Array(rowsWanted);
  const ts = new Float64Array(rowsWanted);
  let n = 0;
  let swipeRows = 0;
  let impressionRows = 0;
  for (let e = 0; e < events.length; e++) {
    const ev = events[e];
    const [viewer, candidate] = ev.kind === 'swipe' ? [ev.s.actor, ev.s.target] : [ev.i.viewer, ev.i.shown];
    if (e >= first && skipRows > 0) skipRows--;
    else if (e >= first) {
      const v = input.profiles.get(viewer);
      const c = input.profiles.get(candidate);
      if (v && c && viewer !== candidate) {
        const back = agg.latestType(candidate, viewer);
        const now = tsOf(ev);
        const x = pairFeatures({
          viewer: v,
          candidate: c,
          viewerAggregates: agg.get(viewer),
          candidateAggregates: agg.get(candidate),
          embedding: input.embedding ? { forward: input.embedding(viewer, candidate), backward: input.embedding(candidate, viewer) } : null,
          candidateLikedViewer: back !== undefined && isPositiveSwipe(back),
          nowMs: now,
        }).vector;
        vectors.set(x, n * FEATURE_COUNT);
        labels[n] = rankerLabel(ev.kind === 'swipe' ? ev.s.type : 'impression');
        ts[n] = now;
        n++;
        if (ev.kind === 'swipe') swipeRows++;
        else impressionRows++;
      }
    }
    // The outcome is applied only after its row was written: the row sees strictly the past.
    if (ev.kind === 'swipe') agg.apply(ev.s);
  }
  return { vectors: vectors.subarray(0, n * FEATURE_COUNT), labels: labels.subarray(0, n), ts: ts.subarray(0, n), n, swipeRows, impressionRows };
}

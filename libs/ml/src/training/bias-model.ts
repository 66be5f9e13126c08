/**
 * The bias-only model: how likely `actor` says yes to `target` from two numbers alone, the actor's
 * openness and the target's appeal (like-rates.ts), combined by a logistic regression:
 *   p = σ(b + w₁·logit(openness(actor)) + w₂·logit(appeal(target))).
 * It is the yardstick every learned ranker must beat (the registry serves it instead otherwise),
 * and `evaluate`'s `bias` and `bias-reciprocal` baselines. Its two features are exactly the
 * ranker's `viewer_like_rate_given_logit` and `cand_like_rate_received_logit`.
 */
import { type FeatureName } from '../features/names';
import { type LikeRateCounts, smoothedLogOdds } from '../features/like-rates';
import { fitLogistic } from '../ranker/logistic';
import type { Swipe } from '../types';
import { isPositiveSwipe } from '@app/contracts';
import { WindowRates } from './window-rates';

/** The ranker features of the bias-only model. */
export const BIAS_FEATURES: readonly FeatureName[] = ['viewer_like_rate_given_logit', 'cand_like_rate_received_logit'];

/** A tiny penalty: three parameters and thousands of rows need none, but a one-class log must stay finite. */
const BIAS_L2 = 1e-4;

export class BiasModel {
  private constructor(
    private readonly rates: WindowRates,
    readonly weights: { openness: number; appeal: number; bias: number },
  ) {}

  /**
   * Fits on `swipes` (the latest per pair counts). Each swipe is a row whose rates leave it out,
   * as the ranker's rows do; predictions read everyone's full counts, as serving does.
   */
  static async fit(swipes: readonly Swipe[]): Promise<BiasModel> {
    const rates = new WindowRates(swipes, Infinity);
    const latest = new Map<string, Swipe>();
    for (const s of swipes) {
      if (s.actor === s.target) continue;
      const key = `${s.actor}:${s.target}`;
      const prev = latest.get(key);
      if (!prev || s.ts >= prev.ts) latest.set(key, s);
    }
    const rows = [...latest.values()];
    const x = new Float32Array(rows.length * 2);
    const y = new Float32Array(rows.length);
    rows.forEach((s, i) => {
      const r = rates.forRow(s.actor, s.target, true);
      x[2 * i] = opennessLogit(r.viewer, rates.marketLikeRate);
      x[2 * i + 1] = appealLogit(r.candidate, rates.marketLikeRate);
      y[i] = isPositiveSwipe(s.type) ? 1 : 0;
    });
    if (rows.length === 0) return new BiasModel(rates, { openness: 0, appeal: 0, bias: 0 });
    const fit = await fitLogistic({ x, n: rows.length, f: 2, y }, { l2: BIAS_L2 });
    return new BiasModel(rates, { openness: fit.weights[0], appeal: fit.weights[1], bias: fit.bias });
  }

  /** The log-odds that `actor` likes `target`. */
  logit(actor: number, target: number): number {
    const r = this.rates.forRow(actor, target, false);
    const m = this.rates.marketLikeRate;
    const w = this.weights;
    return w.bias + w.openness * opennessLogit(r.viewer, m) + w.appeal * appealLogit(r.candidate, m);
  }

  /** The chance that `actor` likes `target`. */
  probability(actor: number, target: number): number {
    return 1 / (1 + Math.exp(-this.logit(actor, target)));
  }
}

function opennessLogit(c: LikeRateCounts, market: number): number {
  return smoothedLogOdds(c.likesGiven, c.swipesGiven, market);
}

function appealLogit(c: LikeRateCounts, market: number): number {
  return smoothedLogOdds(c.likesReceived, c.swipesReceived, market);
}

/**
 * A planted low-rank swipe problem with a known answer, for tests and benchmarks of the
 * factorisation: like probability σ(α·p_u·q_v/√k + β_v + c) with hidden taste p, appeal q and a
 * popularity offset β. Popularity alone explains only β, so a working factorisation must beat it.
 */
import type { Swipe } from '../types';
import { SeededRandom } from '../primitives/seeded-random';

/** Parameters of `plantedSwipes`. */
export interface PlantedOptions {
  nUsers: number;
  swipesPerUser: number;
  rank: number;
  seed: number;
  /** Strength of the personal (low-rank) part of the logit. */
  latentScale?: number;
  /** Standard deviation of the popularity offset β. */
  popularityScale?: number;
  /** Global offset c (negative: fewer likes than dislikes, as in dating). */
  offset?: number;
}

/** A planted market: its swipes and the true like logit they were drawn from. */
export interface PlantedMarket {
  /** ids 1..nUsers, ts increasing */
  swipes: Swipe[];
  /** The hidden like logit of actor id -> target id (the best possible score). */
  trueLogit(actor: number, target: number): number;
}

/** Draws a planted market: each user swipes on `swipesPerUser` distinct random others. */
export function plantedMarket(o: PlantedOptions): PlantedMarket {
  const rng = new SeededRandom(o.seed);
  const k = o.rank;
  const latent = o.latentScale ?? 3;
  const pop = o.popularityScale ?? 0.5;
  const offset = o.offset ?? -1;
  const taste = Float64Array.from({ length: o.nUsers * k }, () => rng.normal());
  const appeal = Float64Array.from({ length: o.nUsers * k }, () => rng.normal());
  const beta = Float64Array.from({ length: o.nUsers }, () => rng.normal() * pop);
  const trueLogit = (actor: number, target: number): number => {
    const u = actor - 1;
    const v = target - 1;
    let dot = 0;
    for (let j = 0; j < k; j++) dot += taste[u * k + j] * appeal[v * k + j];
    return (latent * dot) / Math.sqrt(k) + beta[v] + offset;
  };
  const swipes: Swipe[] = [];
  let ts = 1_700_000_000_000;
  const perUser = Math.min(o.swipesPerUser, o.nUsers - 1);
  for (let u = 0; u < o.nUsers; u++) {
    const seen = new Set<number>([u]);
    while (seen.size <= perUser) {
      const v = rng.int(o.nUsers);
      if (seen.has(v)) continue;
      seen.add(v);
      const p = 1 / (1 + Math.exp(-trueLogit(u + 1, v + 1)));
      const liked = rng.next() < p;
      const type = liked ? (p > 0.95 ? 'super_like' : 'like') : 'dislike';
      swipes.push({ actor: u + 1, target: v + 1, type, ts: (ts += 1000) });
    }
  }
  return { swipes, trueLogit };
}

/** Splits swipes into train and test by a seeded coin with probability `testShare`. */
export function splitSwipes(
  swipes: readonly Swipe[],
  testShare: number,
  seed: number,
): { train: Swipe[]; test: Swipe[] } {
  const rng = new SeededRandom(seed);
  const train: Swipe[] = [];
  const test: Swipe[] = [];
  for (const s of swipes) (rng.next() < testShare ? test : train).push(s);
  return { train, test };
}

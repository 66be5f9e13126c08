/**
 * The behaviour model's constants and the draw of each person's hidden traits. The numbers are
 * chosen so the market looks like published dating-app figures: men like far more often than
 * women, appeal is heavily skewed (a minority collects most likes), activity fades after joining.
 */
import type { Gender } from '@app/contracts';
import { LATENT_DECIMALS, quantise } from './model';
import type { OkCupidRow } from './okcupid';
import type { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { AppGeneration, TruthPerson, TruthWeights } from './truth.types';

/** Dimension of the taste and appeal vectors. */
export const LATENT_DIMS = 16;

/** Coefficients of the like logit. */
export const DEFAULT_WEIGHTS: TruthWeights = {
  bias: -0.9,
  latent: 1.4,
  attractiveness: 1.0,
  interests: 2.5,
  age: 0.8,
  distance: 0.45,
  distanceScaleKm: 10,
  genderMismatch: 6,
  outsidePreferences: 2,
};

/** Simulation constants recorded in truth.json (the rest of `AppGeneration` is per run). */
export const SIMULATION_DEFAULTS = {
  days: 60,
  initialShare: 0.45,
  /** How far back (days) the people present at the start joined. */
  initialSpanDays: 120,
  activityFloor: 0.08,
  feedInboundShare: 0.3,
  feedPopularShare: 0.3,
  blockRate: 0.01,
  lapseDays: 14,
} satisfies Partial<AppGeneration> & Record<string, number>;

/** How much a person's taste follows their own appeal: people like people like them. */
const TASTE_SELF_SIMILARITY = 0.45;
/** Log-scale spread of attractiveness; 1.0 lets the top decile collect a large share of likes. */
const ATTRACTIVENESS_SIGMA = 1.0;

const BODY_EFFECT: Record<string, number> = {
  fit: 0.15,
  athletic: 0.15,
  thin: 0.05,
  jacked: 0.1,
  'a little extra': -0.15,
  overweight: -0.25,
  'full figured': -0.15,
  'used up': -0.3,
};

/** Mean pickiness by gender: women on dating apps like a much smaller share of profiles. */
const PICKINESS_MEAN: Record<Gender, number> = { female: 1.3, male: -0.5, non_binary: 0.3 };

/** Hidden traits of one person minus id and orientation (drawn in a fixed order from `rng`). */
export function drawHiddenTraits(
  rng: SeededRandom,
  gender: Gender,
  row: OkCupidRow,
): Omit<TruthPerson, 'id' | 'orientation'> {
  const appeal: number[] = [];
  const taste: number[] = [];
  const own = Math.sqrt(1 - TASTE_SELF_SIMILARITY * TASTE_SELF_SIMILARITY);
  for (let k = 0; k < LATENT_DIMS; k++) appeal.push(quantise(rng.normal(), LATENT_DECIMALS));
  for (let k = 0; k < LATENT_DIMS; k++) {
    taste.push(quantise(TASTE_SELF_SIMILARITY * appeal[k] + own * rng.normal(), LATENT_DECIMALS));
  }
  const logAttr = ATTRACTIVENESS_SIGMA * rng.normal() + (BODY_EFFECT[row.body_type] ?? 0);
  return {
    attractiveness: Number(Math.exp(logAttr).toPrecision(6)),
    pickiness: quantise(PICKINESS_MEAN[gender] + 0.6 * rng.normal(), 4),
    activity: quantise(rng.lognormal(0.3, 0.9), 4),
    activityDecayDays: quantise(rng.lognormal(12, 0.6), 3),
    swipesPerSession: quantise(1 + rng.lognormal(5, 0.6), 3),
    superLikeRate: quantise(Math.min(0.3, rng.lognormal(0.03, 0.8)), 4),
    taste,
    appeal,
  };
}

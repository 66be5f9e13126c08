/**
 * The decision model of the events regime (speed dating). As in the Columbia speed-dating
 * experiment (Fisman et al. 2006), who says yes is mostly a matter of who is deciding and about
 * whom: appeal (how liked a person is) and selectivity (how choosy) vary strongly between people
 * and dominate; a low-rank taste component (taste of the decider · traits of the other) adds a
 * genuine pairwise part; profile features (shared interests, age gap) say little. It is written
 * in the terms of the shared like logit (`MarketModel.likeLogit`), so truth.json and its scorer
 * work unchanged:
 *
 *   logit(a says yes to b) = bias + ln attractiveness(b)       appeal of b, normal with sd APPEAL_SD
 *                                 - pickiness(a)               selectivity of a
 *                                 + latent/√dims · taste(a)·appeal(b)    the pairwise taste part
 *                                 + interests · Jaccard(a, b) - age · gap²(a's window, b)   weak
 *
 * and the decision is a Bernoulli draw of its sigmoid (the logistic noise of the decision).
 * Reciprocity: each taste vector leans towards the person's own traits (people like people like
 * them), so taste(a)·traits(b) and taste(b)·traits(a) are correlated and a yes is a little more
 * likely towards someone who says yes back; interests and age gap are near-symmetric too.
 */
import type { Gender } from '@app/contracts';
import { LATENT_DECIMALS, quantise } from './model';
import type { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { TruthPerson, TruthWeights } from './truth.types';

/** Latent trait dimensions of the taste part: a few, as the brief of a low-rank taste asks. */
export const EVENT_DIMS = 2;

/**
 * Coefficients of the like logit for events. `latent` is the sd of the taste part (taste and
 * traits have unit-variance coordinates); distance hardly matters, everyone at an event is in
 * one city, and the two preference penalties apply only to pairs who never meet.
 */
export const EVENT_WEIGHTS: TruthWeights = {
  bias: -0.85,
  latent: 1.2,
  attractiveness: 1.0,
  interests: 1.0,
  age: 0.3,
  distance: 0.05,
  distanceScaleKm: 10,
  genderMismatch: 6,
  outsidePreferences: 2,
};

/** Spread (sd, logit) of appeal and of selectivity between people: the dominant parts. */
export const APPEAL_SD = 1.6;
export const SELECTIVITY_SD = 1.6;
/** How much a taste vector follows its owner's traits (the source of reciprocity). */
export const TASTE_SELF_SIMILARITY = 0.5;
/** Mean selectivity by gender: women said yes less often than men in the Columbia events. */
const SELECTIVITY_MEAN: Record<Gender, number> = { female: 0.3, male: -0.3, non_binary: 0 };

/** The hidden traits of one event-goer (`id` and `orientation` come from the profile). */
export function drawEventTraits(
  rng: SeededRandom,
  gender: Gender,
): Pick<TruthPerson, 'attractiveness' | 'pickiness' | 'taste' | 'appeal'> {
  const traits: number[] = [];
  const taste: number[] = [];
  const own = Math.sqrt(1 - TASTE_SELF_SIMILARITY * TASTE_SELF_SIMILARITY);
  for (let k = 0; k < EVENT_DIMS; k++) traits.push(quantise(rng.normal(), LATENT_DECIMALS));
  for (let k = 0; k < EVENT_DIMS; k++) {
    taste.push(quantise(TASTE_SELF_SIMILARITY * traits[k] + own * rng.normal(), LATENT_DECIMALS));
  }
  return {
    attractiveness: Number(Math.exp(APPEAL_SD * rng.normal()).toPrecision(6)),
    pickiness: quantise(SELECTIVITY_MEAN[gender] + SELECTIVITY_SD * rng.normal(), 4),
    taste,
    appeal: traits,
  };
}

/**
 * Loads a generated market's hidden truth and turns it into a pair scorer. The generator owns the
 * format; this module only reads the file and hands it to the generator's own scorer.
 */
import { readFile } from 'node:fs/promises';
import type { UserView } from '@app/contracts/users/user.types';
import type { MarketTruth } from '../market/truth.types';
import { InputError } from './errors';

/** A like-probability scorer over user ids. */
export type TruthScorer = (actorId: number, targetId: number) => number;

/**
 * The generator's like probability, and the same without its pairwise taste part: what a model
 * that knew everyone's appeal and selectivity exactly (and the weak profile terms) could reach,
 * the ceiling of any model that learns no taste.
 */
export interface TruthScorers {
  full: TruthScorer;
  withoutTaste: TruthScorer;
}

/** Reads truth.json and returns the generator's like-probability scorers over user ids. */
export async function loadTruthScorers(file: string, users: UserView[]): Promise<TruthScorers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, null, `cannot read: ${(err as Error).message}`);
  }
  let truth: unknown;
  try {
    truth = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, null, `not valid JSON (${(err as Error).message})`);
  }
  // Loaded lazily so that evaluating without --truth never depends on the generator's code.
  const { createTruthScorer } = await import('../market/truth');
  const t = truth as MarketTruth;
  return {
    full: createTruthScorer(t, users),
    withoutTaste: createTruthScorer({ ...t, weights: { ...t.weights, latent: 0 } }, users),
  };
}

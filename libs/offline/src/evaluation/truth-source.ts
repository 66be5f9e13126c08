/**
 * Loads a generated market's hidden truth and turns it into a pair scorer. The generator owns the
 * format; this module only reads the file and hands it to the generator's own scorer.
 */
import { readFile } from 'node:fs/promises';
import type { UserView } from '@app/contracts/users/user.types';
import type { MarketTruth } from '../market/truth.types';
import { InputError } from './errors';

/** Reads truth.json and returns the generator's like-probability scorer over user ids. */
export async function loadTruthScorer(
  file: string,
  users: UserView[],
): Promise<(actorId: number, targetId: number) => number> {
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
  return createTruthScorer(truth as MarketTruth, users);
}

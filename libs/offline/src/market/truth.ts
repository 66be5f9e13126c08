/**
 * The hidden truth of a synthetic market (what `truth.json` holds) and the scorer that turns it
 * back into the like probability the generator drew every decision from. Because the generator
 * and the scorer share `MarketModel`, ranking by this scorer is the best possible ranking.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { UserView } from '@app/contracts/users/user.types';
import { MarketModel } from './model';
import type { MarketTruth, TruthPerson } from './truth.types';

/**
 * Returns the hidden probability that `actorId` likes `targetId` if shown, built from the truth
 * and the users' public profiles (ids must appear in both). Throws on unknown ids.
 */
export function createTruthScorer(
  truth: MarketTruth,
  users: UserView[],
): (actorId: number, targetId: number) => number {
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

import type { Swipe } from '../types';
import { buildEmbeddingTrainingSet, DEFAULT_EVIDENCE_WEIGHTS } from './training-set';

const swipes: Swipe[] = [
  { actor: 100, target: 200, type: 'like', ts: 1 },
  { actor: 100, target: 300, type: 'super_like', ts: 2 },
  { actor: 200, target: 100, type: 'dislike', ts: 3 },
  { actor: 300, target: 100, type: 'like', ts: 4 },
  // A block after a like replaces it.
  { actor: 300, target: 100, type: 'block', ts: 5 },
  // Self-swipes carry no signal.
  { actor: 200, target: 200, type: 'like', ts: 6 },
];

/** The examples as readable tuples (actorId, targetId, label, weight). */
function examples(set: ReturnType<typeof buildEmbeddingTrainingSet>) {
  const { data, userIds } = set;
  return Array.from(data.actors, (a, i) => [
    userIds[a],
    userIds[data.targets[i]],
    data.labels[i],
    data.weights[i],
  ]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

describe('buildEmbeddingTrainingSet', () => {
  it('labels and weights each swipe kind, latest swipe per pair winning', () => {
    const set = buildEmbeddingTrainingSet(swipes);
    expect(examples(set)).toEqual([
      [100, 200, 1, 1],
      [100, 300, 1, 2],
      [200, 100, 0, 1],
      [300, 100, 0, 3],
    ]);
    expect(set.data.nUsers).toBe(3);
  });

  it('adds impressions without a swipe as weak negatives and ignores those with one', () => {
    const set = buildEmbeddingTrainingSet(swipes, [
      { viewer: 100, shown: 200 },
      { viewer: 200, shown: 300 },
      { viewer: 400, shown: 100 },
    ]);
    const w = DEFAULT_EVIDENCE_WEIGHTS.impression;
    expect(examples(set)).toEqual(
      [
        [100, 200, 1, 1],
        [100, 300, 1, 2],
        [200, 100, 0, 1],
        [200, 300, 0, w],
        [300, 100, 0, 3],
        [400, 100, 0, w],
      ].map((r) => r.map((x) => Math.fround(x))),
    );
    // Impressions do not make a user warm: 400 has given no swipe.
    expect(set.given[set.indexOf.get(400)!]).toBe(0);
    expect(set.given[set.indexOf.get(100)!]).toBe(2);
    expect(set.received[set.indexOf.get(100)!]).toBe(2);
  });

  it('indexes extra user ids first, so cold users get rows, and keeps the map consistent', () => {
    const set = buildEmbeddingTrainingSet(swipes, [], { userIds: [999, 300] });
    expect(set.userIds.slice(0, 2)).toEqual([999, 300]);
    expect(set.data.nUsers).toBe(4);
    set.userIds.forEach((id, i) => expect(set.indexOf.get(id)).toBe(i));
    expect(set.given[0]).toBe(0);
    expect(set.received[0]).toBe(0);
  });

  it('honours custom evidence weights', () => {
    const set = buildEmbeddingTrainingSet(swipes, [], { weights: { block: 10, super_like: 5 } });
    expect(examples(set).map((r) => r[3])).toEqual([1, 5, 1, 10]);
  });
});

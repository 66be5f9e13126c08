import { fillColdRows } from '../embeddings/model';
import { plantedMarket } from '../embeddings/planted';
import { trainEmbeddings } from '../embeddings/train';
import { buildEmbeddingTrainingSet } from '../embeddings/training-set';
import { fitTwoPhase } from './two-phase-fit';

describe('fitTwoPhase', () => {
  const { swipes } = plantedMarket({ nUsers: 80, swipesPerUser: 15, rank: 3, seed: 2 });
  const userIds = Array.from({ length: 80 }, (_, i) => i + 1);
  const pre = buildEmbeddingTrainingSet(swipes.slice(0, 900), [], { userIds });
  const all = buildEmbeddingTrainingSet(swipes, [], { userIds });
  const train = { dim: 6, epochs: 3, seed: 4 };

  it('snapshots exactly the model trainEmbeddings would give on the pre-slice data', async () => {
    const { preSlice } = await fitTwoPhase(pre, all, { train, refitEpochs: 2 });
    const reference = fillColdRows(await trainEmbeddings(pre.data, train), pre.given, pre.received);
    expect(Array.from(preSlice.taste)).toEqual(Array.from(reference.taste));
    expect(Array.from(preSlice.appealBias)).toEqual(Array.from(reference.appealBias));
    expect(Array.from(preSlice.userIds!)).toEqual(userIds);
  });

  it('continues over all data for the served model, and serves the snapshot with no refit epochs', async () => {
    const epochs: string[] = [];
    const { preSlice, served } = await fitTwoPhase(pre, all, {
      train,
      refitEpochs: 2,
      onEpoch: (phase, e, of) => epochs.push(`${phase} ${e}/${of}`),
    });
    expect(epochs).toEqual(['pre-slice 1/3', 'pre-slice 2/3', 'pre-slice 3/3', 'refit 1/2', 'refit 2/2']);
    expect(Array.from(served.taste)).not.toEqual(Array.from(preSlice.taste));
    const none = await fitTwoPhase(pre, all, { train, refitEpochs: 0 });
    expect(none.served).toBe(none.preSlice);
  });

  it('refuses sets that index users differently', async () => {
    const other = buildEmbeddingTrainingSet(swipes, [], { userIds: [...userIds].reverse() });
    await expect(fitTwoPhase(pre, other, { train, refitEpochs: 1 })).rejects.toThrow('index users differently');
  });
});

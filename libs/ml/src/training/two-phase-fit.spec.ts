import { fillColdRows } from '../embeddings/model';
import { plantedMarket } from '../embeddings/planted';
import { trainEmbeddings } from '../embeddings/train';
import { buildEmbeddingTrainingSet } from '../embeddings/training-set';
import { chooseIals, collaborativeOptions, servingModel } from '../embeddings/collaborative';
import { trainIals } from '../embeddings/train-ials';
import { fitTwoPhase } from './two-phase-fit';

describe('fitTwoPhase', () => {
  const { swipes } = plantedMarket({ nUsers: 80, swipesPerUser: 15, rank: 3, seed: 2 });
  const userIds = Array.from({ length: 80 }, (_, i) => i + 1);
  const pre = buildEmbeddingTrainingSet(swipes.slice(0, 900), [], { userIds });
  const all = buildEmbeddingTrainingSet(swipes, [], { userIds });
  const train = { dim: 6, epochs: 3, seed: 4 };
  const collaborative = collaborativeOptions({ algorithm: 'logistic', logistic: train });

  it('snapshots exactly the model trainEmbeddings would give on the pre-slice data', async () => {
    const { preSlice } = await fitTwoPhase(pre, all, { collaborative, refitEpochs: 2 });
    const reference = fillColdRows(await trainEmbeddings(pre.data, train), pre.given, pre.received);
    expect(Array.from(preSlice.taste)).toEqual(Array.from(reference.taste));
    expect(Array.from(preSlice.appealBias)).toEqual(Array.from(reference.appealBias));
    expect(Array.from(preSlice.userIds!)).toEqual(userIds);
  });

  it('continues over all data for the served model, and serves the snapshot with no refit epochs', async () => {
    const epochs: string[] = [];
    const { preSlice, served } = await fitTwoPhase(pre, all, {
      collaborative,
      refitEpochs: 2,
      onEpoch: (phase, e, of) => epochs.push(`${phase} ${e}/${of}`),
    });
    expect(epochs).toEqual(['pre-slice 1/3', 'pre-slice 2/3', 'pre-slice 3/3', 'refit 1/2', 'refit 2/2']);
    expect(Array.from(served.taste)).not.toEqual(Array.from(preSlice.taste));
    const none = await fitTwoPhase(pre, all, { collaborative, refitEpochs: 0 });
    expect(none.served).toBe(none.preSlice);
  });

  it('refuses sets that index users differently', async () => {
    const other = buildEmbeddingTrainingSet(swipes, [], { userIds: [...userIds].reverse() });
    await expect(fitTwoPhase(pre, other, { collaborative, refitEpochs: 1 })).rejects.toThrow('index users differently');
  });

  describe('iALS', () => {
    const ials = collaborativeOptions({
      ials: { dim: 6, iterations: 3, seed: 4 },
      search: { iterations: 2, finishIterations: 2 },
    });

    it('snapshots the model finished from the chosen trial on the pre-slice data, then continues from its factors', async () => {
      const epochs: string[] = [];
      const lines: string[] = [];
      const { preSlice, served, choice } = await fitTwoPhase(pre, all, {
        collaborative: ials,
        refitEpochs: 1,
        onEpoch: (phase, e, of) => epochs.push(`${phase} ${e}/${of}`),
        onLine: (line) => lines.push(line),
      });
      expect(epochs).toEqual(['pre-slice 1/2', 'pre-slice 2/2', 'refit 1/1']);
      expect(choice.setting).not.toBeNull();
      expect(ials.search.grid).toContainEqual(choice.setting);
      expect(lines.length).toBe(choice.trials.length);
      const { train, start } = await chooseIals(pre, ials);
      expect(train).toMatchObject({ ...choice.setting, iterations: 2 });
      expect(start).not.toBeNull();
      const reference = servingModel(pre, await trainIals(pre.data, train, start!), { ...ials, ials: train });
      expect(Array.from(preSlice.taste)).toEqual(Array.from(reference.taste));
      expect(Array.from(preSlice.appealBias)).toEqual(Array.from(reference.appealBias));
      expect(Array.from(served.taste)).not.toEqual(Array.from(preSlice.taste));
      expect(Array.from(served.userIds!)).toEqual(userIds);
    });
  });
});

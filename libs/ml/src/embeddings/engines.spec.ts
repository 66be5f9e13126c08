import { plantedMarket } from './planted';
import type { EmbeddingTrainOptions, EpochReport } from './model';
import { trainEmbeddings } from './train';
import { buildEmbeddingTrainingSet } from './training-set';

const { data } = buildEmbeddingTrainingSet(plantedMarket({ nUsers: 300, swipesPerUser: 30, rank: 3, seed: 11 }).swipes);
jest.setTimeout(30_000);

const base: Partial<EmbeddingTrainOptions> = { dim: 16, epochs: 6, seed: 5, batchSize: 1024 };

async function run(options: Partial<EmbeddingTrainOptions>) {
  const losses: number[] = [];
  const model = await trainEmbeddings(data, { ...base, ...options, onEpoch: (r: EpochReport) => losses.push(r.loss) });
  return { model, losses };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('trainEmbeddings engines', () => {
  it('reach the same loss on the same data (tfjs vs typed arrays)', async () => {
    const typed = await run({ engine: 'typed' });
    const tfjs = await run({ engine: 'tfjs' });
    expect(typed.losses).toHaveLength(6);
    expect(tfjs.losses).toHaveLength(6);
    // Same batches, same Adagrad: the epochs' losses agree to float32 rounding, not just "roughly".
    for (let e = 0; e < 6; e++) expect(Math.abs(tfjs.losses[e] - typed.losses[e]) / typed.losses[e]).toBeLessThan(1e-3);
    expect(maxAbsDiff(tfjs.model.taste, typed.model.taste)).toBeLessThan(1e-3);
    expect(maxAbsDiff(tfjs.model.appealBias, typed.model.appealBias)).toBeLessThan(1e-3);
  });

  it('lower the loss as epochs go by', async () => {
    const { losses } = await run({ engine: 'typed' });
    expect(losses[5]).toBeLessThan(losses[0] * 0.9);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await run({ engine: 'typed' });
    const b = await run({ engine: 'typed' });
    const c = await run({ engine: 'typed', seed: 6 });
    expect(Buffer.from(a.model.taste.buffer).equals(Buffer.from(b.model.taste.buffer))).toBe(true);
    expect(Buffer.from(a.model.appeal.buffer).equals(Buffer.from(b.model.appeal.buffer))).toBe(true);
    expect(maxAbsDiff(a.model.taste, c.model.taste)).toBeGreaterThan(0.01);
  });

  it('is deterministic on the tfjs engine too', async () => {
    const a = await run({ engine: 'tfjs', epochs: 2 });
    const b = await run({ engine: 'tfjs', epochs: 2 });
    expect(maxAbsDiff(a.model.appeal, b.model.appeal)).toBe(0);
  });

  it('samples popularity-aware negatives when asked, changing the result', async () => {
    const uniform = await run({ engine: 'typed', epochs: 2 });
    const popular = await run({ engine: 'typed', epochs: 2, negativeSampling: 'popularity' });
    expect(maxAbsDiff(uniform.model.appeal, popular.model.appeal)).toBeGreaterThan(1e-3);
    expect(popular.losses[1]).toBeLessThan(popular.losses[0]);
  });

  it('rejects malformed data and options', async () => {
    const bad = { ...data, targets: data.targets.slice(1) };
    await expect(trainEmbeddings(bad, base)).rejects.toThrow(/same length/);
    const outOfRange = { ...data, nUsers: 2 };
    await expect(trainEmbeddings(outOfRange, base)).rejects.toThrow(/out of range/);
    await expect(trainEmbeddings(data, { ...base, engine: 'gpu' as never })).rejects.toThrow(/unknown engine/);
  });
});

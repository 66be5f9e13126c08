/**
 * Timing of embedding training on planted data (not a test: run it by hand, it takes minutes).
 *
 *   npx ts-node -T libs/ml/src/embeddings/embeddings.bench.ts epoch   # 200k interactions, both engines
 *   npx ts-node -T libs/ml/src/embeddings/embeddings.bench.ts full    # ~3M interactions, 100k users
 *
 * Figures are wall-clock seconds on whatever else the machine is doing; compare engines within
 * one run, not across machines.
 */
import { initTf } from '../tf/backend';
import type { EmbeddingEngine, EmbeddingTrainOptions, EpochReport } from './model';
import { plantedMarket } from './planted';
import { trainEmbeddings } from './train';
import { buildEmbeddingTrainingSet } from './training-set';

function setOf(nUsers: number, swipesPerUser: number) {
  const t0 = performance.now();
  const { swipes } = plantedMarket({ nUsers, swipesPerUser, rank: 8, seed: 1 });
  const set = buildEmbeddingTrainingSet(swipes);
  console.log(`data: ${nUsers} users, ${set.data.actors.length} interactions, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return set.data;
}

async function timeEpochs(data: ReturnType<typeof setOf>, engine: EmbeddingEngine, options: Partial<EmbeddingTrainOptions>): Promise<EpochReport[]> {
  const reports: EpochReport[] = [];
  await trainEmbeddings(data, { dim: 64, seed: 1, engine, ...options, onEpoch: (r) => reports.push(r) });
  return reports;
}

async function epochBench(): Promise<void> {
  console.log(`tf backend: ${await initTf()}`);
  const data = setOf(5000, 40);
  for (const negatives of [0, 4]) {
    for (const engine of ['typed', 'tfjs'] as const) {
      const r = await timeEpochs(data, engine, { epochs: 3, negatives });
      const secs = r.map((x) => x.seconds.toFixed(2)).join(', ');
      console.log(`${engine.padEnd(5)} negatives=${negatives}: ${r[0].examples} examples/epoch, epoch seconds [${secs}], final loss ${r[r.length - 1].loss.toFixed(4)}`);
    }
  }
}

async function fullBench(): Promise<void> {
  const data = setOf(100_000, 30);
  const t0 = performance.now();
  const r = await timeEpochs(data, 'typed', {
    onEpoch: undefined,
  });
  console.log(`typed full training (${r.length} epochs, ${r[0].examples} examples/epoch): ${((performance.now() - t0) / 1000).toFixed(1)} s, epoch seconds [${r.map((x) => x.seconds.toFixed(1)).join(', ')}]`);
  console.log(`tf backend: ${await initTf()}`);
  const tf = await timeEpochs(data, 'tfjs', { epochs: 1 });
  console.log(`tfjs one epoch at 100k users: ${tf[0].seconds.toFixed(1)} s`);
}

if (require.main === module) {
  const which = process.argv[2] ?? 'epoch';
  (which === 'full' ? fullBench() : epochBench()).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

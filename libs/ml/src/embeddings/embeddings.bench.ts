/**
 * Timing of embedding training on planted data (not a test: run it by hand, it takes minutes).
 *
 *   npx ts-node -T libs/ml/src/embeddings/embeddings.bench.ts epoch   # 200k interactions, both engines
 *   npx ts-node -T libs/ml/src/embeddings/embeddings.bench.ts full [--tfjs]  # ~3M interactions, 100k users
 *   npx ts-node -T libs/ml/src/embeddings/embeddings.bench.ts scale   # cost per batch as users grow
 *
 * Each epoch is reported as wall-clock seconds and as this process's CPU seconds (user+system):
 * on a shared machine the wall clock includes waiting for a core, the CPU time does not.
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
  console.log(
    `data: ${nUsers} users, ${set.data.actors.length} interactions, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return set.data;
}

type Timed = EpochReport & { cpu: number };

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function timeEpochs(
  data: ReturnType<typeof setOf>,
  engine: EmbeddingEngine,
  options: Partial<EmbeddingTrainOptions>,
): Promise<Timed[]> {
  const reports: Timed[] = [];
  let last = cpuSeconds();
  await trainEmbeddings(data, {
    dim: 64,
    seed: 1,
    engine,
    ...options,
    onEpoch: (r) => {
      const now = cpuSeconds();
      reports.push({ ...r, cpu: now - last });
      last = now;
      if (process.argv.includes('--verbose'))
        console.log(
          `  ${engine} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, ${r.seconds.toFixed(1)} s wall, ${reports[reports.length - 1].cpu.toFixed(1)} s cpu`,
        );
    },
  });
  return reports;
}

const fmt = (r: Timed[]): string => r.map((x) => `${x.seconds.toFixed(2)}/${x.cpu.toFixed(2)}`).join(', ');

async function epochBench(): Promise<void> {
  console.log(`tf backend: ${await initTf()}`);
  const data = setOf(5000, 40);
  for (const negatives of [0, 4]) {
    for (const engine of ['typed', 'tfjs'] as const) {
      const r = await timeEpochs(data, engine, { epochs: 3, negatives });
      console.log(
        `${engine.padEnd(5)} negatives=${negatives}: ${r[0].examples} examples/epoch, epoch wall/cpu s [${fmt(r)}], final loss ${r[r.length - 1].loss.toFixed(4)}`,
      );
    }
  }
}

async function fullBench(): Promise<void> {
  const data = setOf(100_000, 30);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const r = await timeEpochs(data, 'typed', {});
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `typed full training (${r.length} epochs, ${r[0].examples} examples/epoch): ${wall.toFixed(1)} s wall, ${(cpuSeconds() - c0).toFixed(1)} s cpu; epoch wall/cpu s [${fmt(r)}]`,
  );
  if (process.argv.includes('--tfjs')) {
    console.log(`tf backend: ${await initTf()}`);
    const tf = await timeEpochs(data, 'tfjs', { epochs: 1 });
    console.log(`tfjs one epoch at 100k users: wall/cpu s [${fmt(tf)}]`);
  }
}

/** Per-batch cost of both engines at a fixed ~100k examples while the number of users grows. */
async function scaleBench(): Promise<void> {
  console.log(`tf backend: ${await initTf()}`);
  for (const nUsers of [5_000, 20_000, 100_000]) {
    const data = setOf(nUsers, Math.max(1, Math.round(100_000 / nUsers)));
    const batches = Math.ceil(data.actors.length / 4096);
    for (const engine of ['typed', 'tfjs'] as const) {
      // The second epoch: the first one's CPU time also holds initialisation and JIT warm-up.
      const [, r] = await timeEpochs(data, engine, { epochs: 2, negatives: 0 });
      console.log(
        `${engine.padEnd(5)} ${nUsers} users: ${((1000 * r.cpu) / batches).toFixed(1)} ms cpu per batch of 4096 (${((1000 * r.seconds) / batches).toFixed(1)} ms wall)`,
      );
    }
  }
}

if (require.main === module) {
  const which = process.argv[2] ?? 'epoch';
  (which === 'full' ? fullBench() : which === 'scale' ? scaleBench() : epochBench()).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

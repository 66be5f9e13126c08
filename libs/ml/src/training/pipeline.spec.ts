import { plantedMarket } from '../embeddings/planted';
import { SeededRandom } from '../embeddings/random';
import type { Profile } from '../types';
import { runEmbeddingsPipeline, runRankerPipeline, type TrainingData } from './pipeline';

function market(): TrainingData {
  const { swipes } = plantedMarket({ nUsers: 300, swipesPerUser: 30, rank: 4, seed: 5 });
  // Planted swipes come user by user; spread them over time so the slice covers every user.
  const rng = new SeededRandom(9);
  const ts = rng.shuffle(Float64Array.from(swipes, (_, i) => 1_700_000_000_000 + i * 1000));
  swipes.forEach((s, i) => (s.ts = ts[i]));
  swipes.sort((a, b) => a.ts - b.ts);
  const profiles = new Map<number, Profile>();
  for (let id = 1; id <= 300; id++) {
    profiles.set(id, { id, age: 25 + (id % 10), gender: 'female', gendersSought: [], ageMin: 18, ageMax: 60, latitude: null, longitude: null, maxDistanceKm: null, interests: [], createdAt: 1_690_000_000_000, isActive: true });
  }
  return { userIds: [...profiles.keys()], profiles, swipes, impressions: [] };
}

describe('training pipeline', () => {
  const data = market();
  const options = { train: { dim: 8, epochs: 8 }, holdoutFraction: 0.2, minHeldOut: 50, refitEpochs: 2 };

  it('evaluates embeddings on the later slice, re-scores the active on the same set, and refits on all data', async () => {
    const first = await runEmbeddingsPipeline(data, { model: null, cutoffMs: null }, options);
    if ('skipped' in first) throw new Error(first.reason);
    expect(first.heldOut.metrics.auc).toBeGreaterThan(0.6);
    expect(first.heldOut.metrics.eval_users).toBeGreaterThan(50);
    expect(first.activeMetrics).toBeNull();
    expect(first.dataCutoffMs).toBe(data.swipes[data.swipes.length - 1].ts);
    expect(first.model.userIds!.length).toBe(300);
    // The pre-slice model as "active": re-scoring it on the same set gives its own figures.
    const again = await runEmbeddingsPipeline(data, { model: first.heldOut.model, cutoffMs: null }, { ...options, refitEpochs: 0 });
    if ('skipped' in again) throw new Error(again.reason);
    expect(again.activeMetrics).toEqual(first.heldOut.metrics);
    // The refit saw the slice: it cannot be the active model's judge, hence the after-active rule.
    const afterRefit = await runEmbeddingsPipeline(data, { model: first.model, cutoffMs: first.dataCutoffMs }, options);
    expect(afterRefit).toEqual({ skipped: true, reason: expect.stringContaining('only 0 interactions') });
  });

  it('trains the ranker on the slice with pre-slice embeddings and beats chance on its validation rows', async () => {
    const emb = await runEmbeddingsPipeline(data, { model: null, cutoffMs: null }, { ...options, refitEpochs: 0 });
    if ('skipped' in emb) throw new Error(emb.reason);
    const r = await runRankerPipeline(data, emb.heldOut.plan.cutoffMs, emb.heldOut.model, null, { epochs: 20, validationFraction: 0.5, maxRows: 100_000, minRows: 100, seed: 1 });
    if ('skipped' in r) throw new Error(r.reason);
    expect(r.rows.total).toBe(emb.heldOut.plan.heldOut);
    expect(r.metrics.auc).toBeGreaterThan(0.6);
    const rescored = await runRankerPipeline(data, emb.heldOut.plan.cutoffMs, emb.heldOut.model, r.model, { epochs: 20, validationFraction: 0.5, maxRows: 100_000, minRows: 100, seed: 1 });
    if ('skipped' in rescored) throw new Error(rescored.reason);
    expect(rescored.activeMetrics!.auc).toBeCloseTo(r.metrics.auc, 6);
  });
});

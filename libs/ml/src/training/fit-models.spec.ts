import { plantedMarket } from '../embeddings/planted';
import { SeededRandom } from '../primitives/seeded-random';
import type { EmbeddingModel } from '../embeddings/model';
import type { Profile, Swipe } from '../types';
import { leftOutPairs, RANKER_EMBEDDING_ROWS } from './feature-pairs';
import { fitEmbeddings, fitRanker, type TrainingData } from './fit-models';

const USERS = 300;
const START = 1_700_000_000_000;
/** A quarter of the users swipe (and are swiped on) only after the first version was trained. */
const inCohort = (id: number): boolean => id % 4 === 0;

/**
 * A planted market in two parts: first every swipe among the other users, spread over 30 days;
 * then the cohort's swipes (either side), spread over the 10 days after. The first version never
 * sees a cohort member: its vectors for them are the cold-start means.
 */
function market(): { all: TrainingData; first: TrainingData } {
  const { swipes } = plantedMarket({ nUsers: USERS, swipesPerUser: 30, rank: 4, seed: 5 });
  const rng = new SeededRandom(9);
  const day = 86_400_000;
  for (const s of swipes)
    s.ts =
      inCohort(s.actor) || inCohort(s.target)
        ? START + 30 * day + rng.next() * 10 * day
        : START + rng.next() * 30 * day;
  swipes.sort((a, b) => a.ts - b.ts);
  const profiles = new Map<number, Profile>();
  for (let id = 1; id <= USERS; id++) {
    profiles.set(id, {
      id,
      age: 25 + (id % 10),
      gender: 'female',
      gendersSought: [],
      ageMin: 18,
      ageMax: 60,
      latitude: null,
      longitude: null,
      maxDistanceKm: null,
      interests: [],
      createdAt: 1_690_000_000_000,
      isActive: true,
    });
  }
  const data = (s: Swipe[]): TrainingData => ({ userIds: [...profiles.keys()], profiles, swipes: s, impressions: [] });
  return { all: data(swipes), first: data(swipes.filter((s) => !inCohort(s.actor) && !inCohort(s.target))) };
}

describe('fitting the models', () => {
  const { all, first } = market();
  const leftOut = leftOutPairs(RANKER_EMBEDDING_ROWS, 1);
  // The logistic trainer: these tests are about the slices, and its like-or-dislike AUC is the sharper check.
  const options = {
    collaborative: { algorithm: 'logistic' as const, logistic: { dim: 8, epochs: 8 } },
    holdoutFraction: 0.2,
    minHeldOut: 50,
    refitEpochs: 2,
  };
  /** As the trainer fits the embeddings whose pre-slice model the ranker's features come from. */
  const forRanker = { ...options, leftOut };
  const ranker = { validationFraction: 0.5, maxRows: 100_000, minRows: 50 };
  /** The pre-slice model of an embeddings fit as the ranker's feature model. */
  const features = (fit: { heldOut: { model: EmbeddingModel; plan: { cutoffMs: number } } }) => ({
    model: fit.heldOut.model,
    trainedUntilMs: fit.heldOut.plan.cutoffMs,
    leftOut,
  });
  const lastTs = (d: TrainingData) => d.swipes[d.swipes.length - 1].ts;

  it('first version: evaluates on the latest fraction of everything and refits on all data', async () => {
    const v1 = await fitEmbeddings(first, { model: null, cutoffMs: null }, options);
    if ('skipped' in v1) throw new Error(v1.reason);
    expect(v1.heldOut.plan).toMatchObject({ basis: 'all', heldOut: Math.round(first.swipes.length * 0.2) });
    expect(v1.heldOut.metrics.auc).toBeGreaterThan(0.55);
    expect(v1.heldOut.metrics.eval_users).toBeGreaterThan(40);
    expect(v1.activeMetrics).toBeNull();
    expect(v1.dataCutoffMs).toBe(lastTs(first));
    expect(v1.model.userIds!.length).toBe(USERS);
    // The pre-slice model as "active" with no cut-off: re-scoring it on the same set gives its own figures.
    const again = await fitEmbeddings(
      first,
      { model: v1.heldOut.model, cutoffMs: null },
      { ...options, refitEpochs: 0 },
    );
    if ('skipped' in again) throw new Error(again.reason);
    expect(again.activeMetrics).toEqual(v1.heldOut.metrics);
    // Nothing newer than the active version's data: nothing to judge a candidate on.
    const nothingNew = await fitEmbeddings(first, { model: v1.model, cutoffMs: v1.dataCutoffMs }, options);
    expect(nothingNew).toEqual({ skipped: true, reason: expect.stringContaining('only 0 interactions to hold out') });
  });

  it('retrain: cuts the slice inside the new data, so the candidate knows what the active version never saw', async () => {
    const v1 = await fitEmbeddings(first, { model: null, cutoffMs: null }, options);
    if ('skipped' in v1) throw new Error(v1.reason);
    const v2 = await fitEmbeddings(all, { model: v1.model, cutoffMs: v1.dataCutoffMs }, options);
    if ('skipped' in v2) throw new Error(v2.reason);
    const newer = all.swipes.filter((s) => s.ts > v1.dataCutoffMs);
    const { plan } = v2.heldOut;
    expect(plan).toMatchObject({
      basis: 'new',
      newEvents: newer.length,
      heldOut: Math.round(newer.length * 0.2),
      newBeforeSlice: newer.length - Math.round(newer.length * 0.2),
    });
    // Neither version saw the slice.
    expect(plan.cutoffMs).toBeGreaterThan(v1.dataCutoffMs);
    expect(v2.heldOut.metrics.eval_pairs).toBe(plan.heldOut);
    // Every held-out pair involves a cohort member: the active version only has cold-start means for
    // them, the candidate learned them from the 80% of their swipes before the slice. It wins clearly
    // on the primary metric (nDCG@10) and on AUC.
    expect(v2.heldOut.metrics.ndcg_at_10).toBeGreaterThan(1.5 * v2.activeMetrics!.ndcg_at_10);
    expect(v2.heldOut.metrics.auc).toBeGreaterThan(v2.activeMetrics!.auc + 0.05);
    // What is served continued over everything, slice included.
    expect(v2.dataCutoffMs).toBe(lastTs(all));
  });

  it("first ranker: trains on the history and the slice's first half, validates on its latest swipes", async () => {
    const emb = await fitEmbeddings(all, { model: null, cutoffMs: null }, { ...forRanker, refitEpochs: 0 });
    if ('skipped' in emb) throw new Error(emb.reason);
    const { plan } = emb.heldOut;
    const r = await fitRanker(all, plan.cutoffMs, features(emb), null, ranker);
    if ('skipped' in r) throw new Error(r.reason);
    const validation = Math.floor(plan.heldOut / 2);
    // Embedding features for the validation rows and the pre-slice rows of the pairs the pre-slice
    // model left out; none for the slice's training rows.
    expect(r.rows).toMatchObject({
      total: all.swipes.length,
      training: all.swipes.length - validation,
      validation,
      swipes: all.swipes.length,
      impressions: 0,
    });
    const expected = validation + RANKER_EMBEDDING_ROWS * (all.swipes.length - plan.heldOut);
    expect(Math.abs(r.rows.withEmbeddings - expected)).toBeLessThan(0.1 * expected);
    expect(r.metrics).toMatchObject({ n: validation });
    expect(r.metrics.auc).toBeGreaterThan(0.6);
    expect(r.model.metrics).toEqual(r.metrics);
    expect(r.activeMetrics).toBeNull();
    // The learned ranker and the bias-only model were judged on the same rows; the better one serves.
    expect(r.metrics).toEqual(r.kind === 'learned' ? r.learnedMetrics : r.biasMetrics);
    expect(r.biasMetrics).toMatchObject({ n: validation, positives: r.metrics.positives });
    expect(r.kind === 'learned').toBe(r.learnedMetrics.auc > r.biasMetrics.auc);
    // Re-scoring it as the active ranker scores the same rows with the served model, refitted on
    // every row (those included), so at least as well as the held-out fit did.
    const rescored = await fitRanker(all, plan.cutoffMs, features(emb), r.model, ranker);
    if ('skipped' in rescored) throw new Error(rescored.reason);
    expect(rescored.activeMetrics).toMatchObject({ n: validation, positives: r.metrics.positives });
    expect(rescored.activeMetrics!.auc).toBeGreaterThanOrEqual(r.metrics.auc - 0.01);
    // Training is deterministic: the same data gives the same model.
    expect(Array.from(rescored.model.weights)).toEqual(Array.from(r.model.weights));
  });

  it('retrained ranker: judged with the active one on the latest swipes of the new data, neither having trained on them', async () => {
    const v1 = await fitEmbeddings(first, { model: null, cutoffMs: null }, forRanker);
    if ('skipped' in v1) throw new Error(v1.reason);
    const r1 = await fitRanker(first, v1.heldOut.plan.cutoffMs, features(v1), null, ranker);
    if ('skipped' in r1) throw new Error(r1.reason);
    const v2 = await fitEmbeddings(all, { model: v1.model, cutoffMs: v1.dataCutoffMs }, forRanker);
    if ('skipped' in v2) throw new Error(v2.reason);
    const { plan } = v2.heldOut;
    const r2 = await fitRanker(all, plan.cutoffMs, features(v2), r1.model, ranker);
    if ('skipped' in r2) throw new Error(r2.reason);
    const validation = Math.floor(plan.heldOut / 2);
    expect(r2.rows).toMatchObject({
      total: all.swipes.length,
      training: all.swipes.length - validation,
      validation,
      swipes: all.swipes.length,
      impressions: 0,
    });
    expect(r2.activeMetrics).toMatchObject({ n: validation, positives: r2.metrics.positives });
    expect(r2.metrics.auc).toBeGreaterThan(0.6);
    // A row cap keeps the most recent training rows; the validation rows stay whole.
    const capped = await fitRanker(all, plan.cutoffMs, features(v2), null, { ...ranker, maxRows: 1000 });
    if ('skipped' in capped) throw new Error(capped.reason);
    expect(capped.rows).toMatchObject({ training: 1000, validation });
    // Too few held-out swipes to judge a ranker: skipped, with the reason.
    expect(await fitRanker(all, plan.cutoffMs, features(v2), null, { ...ranker, minRows: validation + 1 })).toEqual({
      skipped: true,
      reason: expect.stringContaining(`only ${validation} held-out swipes`),
    });
  });
});

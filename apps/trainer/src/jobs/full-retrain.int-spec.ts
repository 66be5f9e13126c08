import { Queue } from 'bullmq';
import { ErrorCode, Subjects, type JobStatusView, type TrainingJobResult } from '../../../../libs/contracts/src';
import { plantedMarket } from '../../../../libs/ml/src/embeddings/planted';
import { SeededRandom } from '../../../../libs/ml/src/primitives/seeded-random';
import { REDIS_URL, waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

const USERS = 400;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Inserts a planted market: USERS profiles and ~25 swipes each spread over 30 days. */
async function seedMarket(fx: ServiceFixture): Promise<number> {
  await fx.db.query(
    `INSERT INTO users (name, age, gender, interests, pref_genders, pref_age_min, pref_age_max, created_at)
     SELECT 'u' || i, 20 + i % 20, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, (ARRAY['hiking', 'chess', 'yoga', 'jazz'])[1 + i % 4 : 2 + i % 3],
            ARRAY['female', 'male', 'non_binary'], 18, 60, $1::timestamptz - interval '10 days'
     FROM generate_series(1, $2) i`,
    [new Date(START).toISOString(), USERS],
  );
  const { swipes } = plantedMarket({ nUsers: USERS, swipesPerUser: 25, rank: 4, seed: 11 });
  const rng = new SeededRandom(4);
  return insertSwipes(
    fx,
    swipes.map((s) => ({ ...s, ts: START + rng.next() * 30 * DAY })),
  );
}

async function insertSwipes(
  fx: ServiceFixture,
  swipes: { actor: number; target: number; type: string; ts: number }[],
): Promise<number> {
  const r = await fx.db.query(
    `INSERT INTO interactions (actor_id, target_id, type, created_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[]) ON CONFLICT DO NOTHING`,
    [
      swipes.map((s) => s.actor),
      swipes.map((s) => s.target),
      swipes.map((s) => s.type),
      swipes.map((s) => new Date(s.ts).toISOString()),
    ],
  );
  return r.rowCount ?? 0;
}

async function runJob(
  fx: ServiceFixture,
  job: 'full-retrain' | 'retrain-embeddings' | 'train-ranker',
): Promise<JobStatusView> {
  const { job_id } = await fx.rpc.send(Subjects.training.enqueue, { job, reason: 'test' });
  let status: JobStatusView | null = null;
  await waitFor(
    async () => {
      status = await fx.rpc.send(Subjects.training.jobStatus, { job_id });
      if (status.state !== 'completed' && status.state !== 'failed')
        throw new Error(`job ${job_id} is ${status.state} at ${JSON.stringify(status.progress)}`);
    },
    45_000,
    `${job} job`,
  );
  return status!;
}

/** The trainer process over NATS: a full retrain on a small planted market, activation, idempotence. */
describe('trainer full retrain (integration)', () => {
  let fx: ServiceFixture;
  let interactions = 0;

  beforeAll(async () => {
    // Small and fast: a market of 400 users trains in seconds at these settings.
    Object.assign(process.env, {
      TRAINING_EPOCHS: '6',
      EMBEDDING_DIMENSION: '16',
      TRAINING_MIN_HELD_OUT: '20',
    });
    fx = await startServiceFixture('trainer_full', ['trainer']);
    interactions = await seedMarket(fx);
  }, 60_000);
  afterAll(async () => {
    await fx?.stop();
    // The trainer is gone: remove this run's queue (prefixed by its database) from the shared Redis.
    const queue = new Queue('training', {
      connection: { url: REDIS_URL },
      prefix: `recsys:${new URL(fx.databaseUrl).pathname.slice(1)}`,
    });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('trains, evaluates and activates both models, announcing each activation', async () => {
    const status = await runJob(fx, 'full-retrain');
    expect(status).toMatchObject({ state: 'completed', progress: 100, attempts: 1, failed_reason: null });
    const result = status.result as TrainingJobResult;
    expect(result.models.embeddings).toMatchObject({ version: 1, activated: true, skipped: false });
    expect(result.models.ranker).toMatchObject({ version: 1, activated: true, skipped: false });
    expect(result.aggregates).toEqual({ users: USERS });
    expect(result.index).toEqual({ version: 1, users: USERS, dim: 16 });
    expect(status.logs.some((l) => l.includes('embeddings: pre-slice iteration 2/2'))).toBe(true);

    const { versions, active } = await fx.rpc.send(Subjects.training.versions, {});
    expect(active).toEqual({ embeddings: 1, ranker: 1 });
    const emb = versions.find((v) => v.kind === 'embeddings')!;
    expect(emb).toMatchObject({
      status: 'active',
      has_artifact: true,
      data: { users: USERS, interactions },
      params: { algorithm: 'ials', ials: { dim: 16, iterations: 6 } },
    });
    // The searched iALS setting is recorded with the version.
    expect(emb.metrics.ials_trials).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(emb.metrics.ials_alpha)).toBe(true);
    // The evaluated snapshot learned nine tenths of the pre-slice pairs (a tenth is left out for the
    // ranker's embedding features), so its held-out AUC on this small market is modest.
    expect(emb.metrics.auc).toBeGreaterThan(0.55);
    expect(emb.metrics.ndcg_at_10).toBeGreaterThan(0);
    expect(emb.activated_at).not.toBeNull();
    const ranker = versions.find((v) => v.kind === 'ranker')!;
    expect(ranker.metrics.auc).toBeGreaterThan(0.55);
    expect(ranker.metrics.log_loss).toBeGreaterThan(0);
    // The learned ranker served only because it beat the bias-only model on the same rows.
    expect(ranker.model === 'learned').toBe(ranker.metrics.learned_auc > ranker.metrics.bias_auc);
    expect(ranker.metrics.auc).toBe(Math.max(ranker.metrics.learned_auc, ranker.metrics.bias_auc));
    expect(ranker.metrics.calibration_error).toBeLessThan(0.1);
    expect(ranker.decision).toContain('activated: no active version');

    // The same aggregates as the ML library's rules, e.g. user 1's likes given.
    const { rows } = await fx.db.query(`SELECT likes_given FROM user_aggregates WHERE user_id = 1`);
    const { rows: direct } = await fx.db.query(
      `SELECT count(*)::int AS n FROM interactions WHERE actor_id = 1 AND type IN ('like', 'super_like')`,
    );
    expect(rows[0].likes_given).toBe(direct[0].n);

    await waitFor(
      async () => {
        const events = await fx.events(Subjects.events.modelActivated);
        if (events.length < 2) throw new Error(`${events.length} activation events`);
        expect(events).toEqual(
          expect.arrayContaining([
            { kind: 'embeddings', version: 1 },
            { kind: 'ranker', version: 1 },
          ]),
        );
      },
      10_000,
      'activation events',
    );
  });

  it('skips a second run with no new interactions, and records why', async () => {
    const status = await runJob(fx, 'full-retrain');
    const result = status.result as TrainingJobResult;
    expect(result.models.embeddings).toMatchObject({
      version: null,
      skipped: true,
      reason: expect.stringContaining('no new interactions'),
    });
    expect(result.models.ranker).toMatchObject({ version: null, skipped: true });
    const { versions } = await fx.rpc.send(Subjects.training.versions, { kind: 'embeddings' });
    expect(versions.map((v) => v.version)).toEqual([1]);
  });

  it('judges new versions against the active ones on the latest part of the interactions they have not seen', async () => {
    const rng = new SeededRandom(8);
    const later = Array.from({ length: 600 }, () => {
      const actor = 1 + rng.int(USERS);
      return {
        actor,
        target: 1 + ((actor + 1 + rng.int(USERS - 2)) % USERS),
        type: rng.next() < 0.4 ? 'like' : 'dislike',
        ts: START + 31 * DAY + rng.next() * DAY,
      };
    });
    const inserted = await insertSwipes(fx, later);
    expect(inserted).toBeGreaterThan(400);
    // The slice: the latest fifth of the new swipes; the candidate trains on everything before it,
    // the other four fifths of the new swipes included, which the active version never saw.
    const heldOut = Math.round(inserted * 0.2);

    const status = await runJob(fx, 'retrain-embeddings');
    const outcome = (status.result as TrainingJobResult).models.embeddings!;
    expect(outcome.version).toBe(2);
    expect(outcome.metrics).toMatchObject({
      held_out: heldOut,
      new_before_slice: inserted - heldOut,
      eval_pairs: heldOut,
    });
    expect(Number.isFinite(outcome.metrics!.active_ndcg_at_10)).toBe(true);
    expect(Number.isFinite(outcome.metrics!.active_auc)).toBe(true);
    expect(
      status.logs.some((l) =>
        l.includes(
          `held-out slice: the latest ${heldOut} of ${inserted} interactions newer than the active version's data`,
        ),
      ),
    ).toBe(true);
    const { versions, active } = await fx.rpc.send(Subjects.training.versions, { kind: 'embeddings' });
    const v2 = versions.find((v) => v.version === 2)!;
    const v1 = versions.find((v) => v.version === 1)!;
    // Random swipes are unpredictable: either way, the rule (nDCG@10) and the bookkeeping must agree.
    if (v2.metrics.ndcg_at_10 >= v2.metrics.active_ndcg_at_10) {
      expect([v2.status, v1.status, active.embeddings]).toEqual(['active', 'retired', 2]);
      expect(v2.decision).toContain('at least as good: ndcg_at_10');
    } else {
      expect([v2.status, v1.status, active.embeddings]).toEqual(['rejected', 'active', 1]);
      expect(v2.decision).toContain('worse: ndcg_at_10');
      expect(v2.has_artifact).toBe(false);
    }

    // The ranker alone: it fits its own pre-slice embeddings for its embedding features.
    const ranked = await runJob(fx, 'train-ranker');
    expect(ranked.logs.some((l) => l.includes('fitting embeddings on the data before the slice'))).toBe(true);
    const r = (ranked.result as TrainingJobResult).models.ranker!;
    expect(r.version).toBe(2);
    // Trained on all the history before its validation rows: the latest half of the slice.
    expect(r.metrics).toMatchObject({
      held_out: heldOut,
      validation_rows: Math.floor(heldOut / 2),
      training_rows: interactions + inserted - Math.floor(heldOut / 2),
    });
    const rankers = (await fx.rpc.send(Subjects.training.versions, { kind: 'ranker' })).versions;
    const r2 = rankers.find((v) => v.version === 2)!;
    if (r2.metrics.auc >= r2.metrics.active_auc)
      expect([r2.status, r2.decision]).toEqual(['active', expect.stringContaining('at least as good: auc')]);
    else expect([r2.status, r2.decision]).toEqual(['rejected', expect.stringContaining('worse: auc')]);
  });

  it('answers NOT_FOUND for an unknown job and VALIDATION_FAILED for an unknown job name', async () => {
    await expect(fx.rpc.send(Subjects.training.jobStatus, { job_id: 'no-such-job' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    await expect(fx.rpc.send(Subjects.training.enqueue, { job: 'dance' as never, reason: 'x' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
  });
});

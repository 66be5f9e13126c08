import { jetstream } from '@nats-io/jetstream';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ErrorCode, Subjects, type JobStatusView } from '../../../../libs/contracts/src';
import { REDIS_URL, waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

/** Triggers and failure handling of the trainer, driven through the real user and interaction services. */
describe('trainer triggers and retries (integration)', () => {
  let fx: ServiceFixture;
  let queue: Queue;
  let prefix: string;

  beforeAll(async () => {
    Object.assign(process.env, {
      RETRAIN_AFTER_INTERACTIONS: '10',
      RETRAIN_CRON: '*/30 * * * *',
      TRAINING_JOB_ATTEMPTS: '2',
      TRAINING_BACKOFF_MS: '200',
      // Ten swipes: 0.4 holds out four, the ranker validates on the latest two.
      TRAINING_MIN_HELD_OUT: '2',
      TRAINING_HOLDOUT_FRACTION: '0.4',
      TRAINING_EPOCHS: '2',
      EMBEDDING_DIMENSION: '8',
    });
    fx = await startServiceFixture('trainer_triggers', ['user-service', 'interaction-service', 'trainer']);
    // The trainer's default prefix: its database name, so this run's queue is its own.
    prefix = `recsys:${new URL(fx.databaseUrl).pathname.slice(1)}`;
    queue = new Queue('training', { connection: { url: REDIS_URL }, prefix });
  }, 60_000);

  afterAll(async () => {
    await fx?.stop();
    // The trainer is gone: remove this run's queue and counter from the shared Redis.
    await queue?.obliterate({ force: true });
    await queue?.close();
    const redis = new Redis(REDIS_URL);
    await redis.del(`${prefix}:trainer:interactions-seen`);
    await redis.quit();
  });

  it('registers the cron schedule of the full retrain', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'scheduled-full-retrain', pattern: '*/30 * * * *', name: 'full-retrain' }),
    ]);
  });

  it('enqueues one full retrain after N interactions; a job that keeps failing is retried, then reported failed', async () => {
    const { items } = await fx.rpc.send(Subjects.users.createBatch, {
      users: Array.from({ length: 12 }, (_, i) => ({ name: `p${i}`, age: 25 + i, gender: i % 2 ? 'male' : 'female' })),
    });
    const ids = items.map((u) => u.id);
    // Only dislikes: no held-out slice can rank likes above dislikes, so the ranker step throws.
    const interactions = Array.from({ length: 10 }, (_, i) => ({
      user_id: ids[i],
      target_user_id: ids[i + 1],
      interaction_type: 'dislike' as const,
      created_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    }));
    expect((await fx.rpc.send(Subjects.interactions.createBatch, { interactions })).created).toBe(10);

    let status: JobStatusView | null = null;
    await waitFor(
      async () => {
        status = await fx.rpc.send(Subjects.training.jobStatus, { job_id: 'after-interactions-1' });
        if (status.state !== 'failed') throw new Error(`job is ${status.state}, attempts ${status.attempts}`);
      },
      30_000,
      'triggered retrain to fail',
    );
    expect(status!).toMatchObject({
      name: 'full-retrain',
      state: 'failed',
      attempts: 2,
      failed_reason: expect.stringContaining('one class'),
    });
    expect(status!.logs.filter((l) => l.includes('aggregates recomputed')).length).toBe(2);
    // Ten interactions cross the threshold once: there is no second job.
    await expect(fx.rpc.send(Subjects.training.jobStatus, { job_id: 'after-interactions-2' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });

    const { versions } = await fx.rpc.send(Subjects.training.versions, {});
    const byKind = (k: string) => versions.filter((v) => v.kind === k).map((v) => [v.version, v.status]);
    // Embeddings: trained once, rejected (no likes held out, nDCG undefined); the retry skipped them.
    expect(byKind('embeddings')).toEqual([[1, 'rejected']]);
    expect(versions.find((v) => v.kind === 'embeddings')!.decision).toContain('not a number');
    expect(byKind('ranker')).toEqual([
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(versions.find((v) => v.kind === 'ranker')!.decision).toContain('one class');
  });

  it('enqueues a full retrain when a bulk import is announced', async () => {
    await jetstream(fx.rpc.connection).publish(
      Subjects.events.bulkImported,
      JSON.stringify({ users: 12, interactions: 10 }),
    );
    await waitFor(
      async () => {
        const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
        if (!jobs.some((j) => j.name === 'full-retrain' && String(j.data.reason).includes('bulk import of 12 users')))
          throw new Error('no bulk-import retrain yet');
      },
      10_000,
      'bulk import retrain',
    );
  });
});

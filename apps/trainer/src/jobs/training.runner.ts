import { Injectable } from '@nestjs/common';
import { TrainingJobs, type ModelKind, type TrainingJobName, type TrainingJobResult } from '@app/contracts';
import { deserializeEmbeddings } from '@app/ml/embeddings';
import { ModelRegistry } from '../registry/model-registry.service';
import { AggregatesJob } from './aggregates.job';
import type { JobReport } from './job-report';
import { ModelTrainingJob } from './model-training.job';

/** Versions left 'training' longer than this were abandoned by a dead worker (see the lock). */
const ABANDONED_AFTER_MS = 30 * 60_000;

/** Runs one job of the training queue; every step is safe to repeat. */
@Injectable()
export class TrainingRunner {
  constructor(
    private readonly aggregates: AggregatesJob,
    private readonly models: ModelTrainingJob,
    private readonly registry: ModelRegistry,
  ) {}

  async run(name: TrainingJobName, report: JobReport): Promise<TrainingJobResult> {
    const result: TrainingJobResult = { job: name, models: {}, seconds: {} };
    const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        result.seconds[label] = Math.round(performance.now() - t0) / 1000;
      }
    };
    await this.registry.failAbandoned('embeddings', ABANDONED_AFTER_MS);
    await this.registry.failAbandoned('ranker', ABANDONED_AFTER_MS);
    const full = name === TrainingJobs.fullRetrain;

    // Aggregates are one SQL statement (PostgreSQL's CPU), the models train in a worker thread
    // (this process's): in a full retrain the two run side by side.
    const aggregates = async (): Promise<void> => {
      if (!full && name !== TrainingJobs.recomputeAggregates) return;
      const users = await timed('aggregates', () => this.aggregates.run());
      result.aggregates = { users };
      await report.log(`aggregates recomputed for ${users} users`);
    };
    const kinds: ModelKind[] = [];
    if (full || name === TrainingJobs.retrainEmbeddings) kinds.push('embeddings');
    if (full || name === TrainingJobs.trainRanker) kinds.push('ranker');
    const models = async (): Promise<void> => {
      if (!kinds.length) return;
      const t0 = performance.now();
      result.models = await this.models.run(kinds, report, 0, full ? 98 : 100, result.seconds);
      result.seconds.models = Math.round(performance.now() - t0) / 1000;
    };
    // allSettled: a job must not end (and be retried) while the other half still runs.
    const failed = (await Promise.allSettled([aggregates(), models()])).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (full) result.index = await timed('index', () => this.index(report));
    if (name === TrainingJobs.checkIndexEmbeddings) result.index = await timed('index', () => this.index(report));
    await report.progress(100);
    return result;
  }

  /**
   * The index itself is built by each candidate-service replica, in memory, from the active
   * embeddings when it starts and on events.model.activated (an index is not shared state, and
   * shipping one over the network would cost more than building it). This step checks that the
   * active artifact reads back and records what the replicas will index.
   */
  private async index(report: JobReport): Promise<NonNullable<TrainingJobResult['index']>> {
    const active = await this.registry.active('embeddings');
    if (!active?.artifact) {
      await report.log('check-index-embeddings: no active embeddings yet; candidate generation uses its other sources');
      return { version: null, users: 0, dim: 0 };
    }
    const model = deserializeEmbeddings(active.artifact);
    const users = model.appealBias.length;
    if (!model.userIds || model.userIds.length !== users)
      throw new Error(`active embeddings v${active.version} carry no user ids: cannot be indexed`);
    await report.log(
      `check-index-embeddings: active embeddings v${active.version} (${users} users, dim ${model.dim}) valid for the candidate index`,
    );
    return { version: active.version, users, dim: model.dim };
  }
}

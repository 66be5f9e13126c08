import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { TRAINING_QUEUE, TrainingJobs, type TrainingJobName, type TrainingJobResult } from '@app/contracts';
import { TrainingMetrics } from './training-metrics';
import { TrainingRunner } from './training.runner';

const KNOWN = new Set<string>(Object.values(TrainingJobs));

/**
 * The BullMQ worker of the training queue. One job at a time: training is CPU-bound and the
 * machine is shared with the serving services. The lock is long because an epoch runs without
 * yielding, and a lock that expires mid-epoch would make BullMQ hand the job to another worker.
 */
@Processor(TRAINING_QUEUE, { concurrency: 1, lockDuration: 10 * 60_000, maxStalledCount: 1 })
export class TrainingProcessor extends WorkerHost {
  private readonly logger = new Logger(TrainingProcessor.name);

  constructor(
    private readonly runner: TrainingRunner,
    private readonly metrics: TrainingMetrics,
  ) {
    super();
  }

  async process(job: Job): Promise<TrainingJobResult> {
    if (!KNOWN.has(job.name)) throw new Error(`unknown training job ${job.name}`);
    this.logger.log(`job ${job.id} ${job.name} started (attempt ${job.attemptsMade + 1})`);
    // Progress and log lines are best effort: a Redis hiccup (or a job removed while running)
    // must not fail the training, nor crash the process through an unhandled rejection.
    const bestEffort = (what: string) => (err: Error) =>
      this.logger.warn(`job ${job.id}: could not write ${what}: ${err.message}`);
    return this.metrics.timed(job.name, () =>
      this.runner.run(job.name as TrainingJobName, {
        log: (m) => job.log(`${new Date().toISOString()} ${m}`).then(() => undefined, bestEffort('a log line')),
        progress: (p) => job.updateProgress(p).catch(bestEffort('progress')),
      }),
    );
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.logger.log(`job ${job.id} ${job.name} completed`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(`job ${job?.id} ${job?.name} failed (attempt ${job?.attemptsMade}): ${err.message}`);
  }
}

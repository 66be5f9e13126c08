import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import {
  DomainError,
  ErrorCode,
  TRAINING_QUEUE,
  TrainingJobs,
  type JobStatusView,
  type TrainingJobName,
} from '@app/contracts';
import { TrainerConfig } from '../trainer.config';

const KNOWN = new Set<string>(Object.values(TrainingJobs));
const STATES = new Set(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children']);

/** Enqueues training jobs with retries and reads their status back. */
@Injectable()
export class TrainingQueue {
  constructor(
    @InjectQueue(TRAINING_QUEUE) readonly queue: Queue,
    private readonly config: TrainerConfig,
  ) {}

  /** Retries with exponential backoff; finished jobs are kept a while so their status stays readable. */
  jobOptions(): JobsOptions {
    return {
      attempts: this.config.TRAINING_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.TRAINING_BACKOFF_MS },
      removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
      removeOnFail: { age: 30 * 24 * 3600, count: 500 },
    };
  }

  /**
   * Adds a job. With `jobId`, adding the same id again while the first is still known to the
   * queue is a no-op (BullMQ deduplicates by id): how triggers avoid enqueueing twice.
   */
  async enqueue(
    name: TrainingJobName,
    reason: string,
    jobId?: string,
  ): Promise<{ job_id: string; name: TrainingJobName }> {
    if (!KNOWN.has(name)) throw DomainError.invalid('job', `must be one of ${[...KNOWN].join(', ')}`);
    const job = await this.queue.add(
      name,
      { reason, requested_at: new Date().toISOString() },
      { ...this.jobOptions(), ...(jobId ? { jobId } : {}) },
    );
    return { job_id: String(job.id), name };
  }

  async status(jobId: string): Promise<JobStatusView> {
    // State first, then the job: read the other way round, a job finishing in between showed
    // as completed without its result.
    const state = await this.queue.getJobState(jobId);
    const [job, { logs }] = await Promise.all([this.queue.getJob(jobId), this.queue.getJobLogs(jobId, 0, 499, true)]);
    if (!job) throw new DomainError(ErrorCode.NotFound, `training job ${jobId} not found`);
    return {
      id: String(job.id),
      name: job.name as TrainingJobName,
      state: (STATES.has(state) ? state : 'unknown') as JobStatusView['state'],
      progress: job.progress as JobStatusView['progress'],
      attempts: job.attemptsMade,
      logs,
      result: job.returnvalue ?? null,
      failed_reason: job.failedReason ?? null,
      created_at: job.timestamp ? new Date(job.timestamp).toISOString() : null,
      finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}

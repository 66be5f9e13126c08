import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStream, RedisClient } from '@app/common';
import { DurableConsumers, Subjects, TrainingJobs } from '@app/contracts';
import { TrainingQueue } from '../jobs/training-queue.service';
import { TrainerConfig } from '../trainer.config';

/** Id of the BullMQ job scheduler of the periodic full retrain (one per queue, upserted at boot). */
export const SCHEDULER_ID = 'scheduled-full-retrain';

/**
 * What starts a full retrain besides an explicit request: a cron schedule, every
 * RETRAIN_AFTER_INTERACTIONS new interactions, and a bulk import.
 */
@Injectable()
export class RetrainTriggers implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetrainTriggers.name);

  constructor(
    private readonly queue: TrainingQueue,
    private readonly events: EventStream,
    private readonly redis: RedisClient,
    private readonly config: TrainerConfig,
  ) {}

  /** Redis counter of interactions seen since the trainer started counting. */
  get counterKey(): string {
    return `${this.config.redisPrefix}:trainer:interactions-seen`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    // Durable consumers: interactions created while the trainer was down are counted on return.
    const { interactionCreated, bulkImported } = Subjects.events;
    const [counter, imports] = [
      { durable: DurableConsumers.trainerRetrainCounter },
      { durable: DurableConsumers.trainerBulkImport },
    ];
    await this.events.consume(interactionCreated, counter, () => this.countInteraction());
    await this.events.consume(bulkImported, imports, async ({ payload: p }) => {
      await this.queue.enqueue(
        TrainingJobs.fullRetrain,
        `bulk import of ${p.users} users and ${p.interactions} interactions`,
      );
    });
  }

  /** Upserting is idempotent, so every replica may do it at boot; an empty cron removes it. */
  private async schedule(): Promise<void> {
    const cron = this.config.RETRAIN_CRON.trim();
    if (!cron) {
      await this.queue.queue.removeJobScheduler(SCHEDULER_ID);
      this.logger.log('scheduled retraining disabled (RETRAIN_CRON is empty)');
      return;
    }
    await this.queue.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: cron },
      { name: TrainingJobs.fullRetrain, data: { reason: `schedule ${cron}` }, opts: this.queue.jobOptions() },
    );
    this.logger.log(`full retrain scheduled: ${cron}`);
  }

  /**
   * INCR is atomic, so exactly one event (on any replica) sees the counter reach each multiple of
   * the threshold; the job id names that multiple, so a redelivered event cannot enqueue it twice.
   */
  async countInteraction(): Promise<void> {
    const n = await this.redis.redis.incr(this.counterKey);
    const every = this.config.RETRAIN_AFTER_INTERACTIONS;
    if (n % every !== 0) return;
    const { job_id } = await this.queue.enqueue(
      TrainingJobs.fullRetrain,
      `${every} new interactions (${n} counted)`,
      `after-interactions-${n / every}`,
    );
    this.logger.log(`${n} interactions counted: full retrain ${job_id} enqueued`);
  }
}

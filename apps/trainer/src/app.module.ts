import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { dataServiceImports } from '@app/common';
import { TRAINING_QUEUE } from '@app/contracts';
import { TrainingController } from './api/training.controller';
import { AggregatesJob } from './jobs/aggregates.job';
import { ArtifactErasure } from './erasure/artifact-erasure';
import { ModelTrainingJob } from './jobs/model-training.job';
import { TrainingProcessor } from './jobs/training.processor';
import { TrainingMetrics } from './jobs/training-metrics';
import { TrainingQueue } from './jobs/training-queue.service';
import { TrainingRunner } from './jobs/training.runner';
import { TrainingWorker } from './training-worker/training-worker.service';
import { ModelRegistry } from './registry/model-registry.service';
import type { TrainerConfig } from './trainer.config';
import { RetrainTriggers } from './triggers/retrain-triggers.service';

/** BullMQ workers that retrain embeddings, rebuild the index, train the ranker and recompute aggregates. */
@Module({})
export class AppModule {
  static forRoot(config: TrainerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The outbox carries its activations (events.model.activated).
        ...dataServiceImports('trainer', config, { redis: true }),
        BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.redisPrefix }),
        BullModule.registerQueue({ name: TRAINING_QUEUE }),
      ],
      controllers: [TrainingController],
      providers: [
        ModelRegistry,
        ArtifactErasure,
        AggregatesJob,
        TrainingWorker,
        ModelTrainingJob,
        TrainingRunner,
        TrainingQueue,
        TrainingProcessor,
        TrainingMetrics,
        RetrainTriggers,
      ],
    };
  }
}

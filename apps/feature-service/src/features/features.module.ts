import { type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JetStreamService, profileMirrorProviders, RedisClient, type ServiceConfig } from '@app/common';
import { ActiveModel } from '@app/common/models/active-model';
import { redisNamespace } from '@app/common/redis/redis-namespace';
import { UserAggregatesRepository } from '@app/db';
import { AggregatesSnapshot } from '../aggregates/aggregates-snapshot';
import { CountersConsumer } from '../counters/counters.consumer';
import { RealtimeCounters } from '../counters/realtime-counters';
import { type EmbeddingLookup, parseEmbeddingArtifact } from '@app/ml/embeddings/lookup';
import { FeaturesController } from './features.controller';
import { FeaturesService } from './features.service';

const SERVICE_CONFIG = 'FEATURE_SERVICE_CONFIG';

/** The feature store: batch vectors, real-time counters, and the active embeddings. */
@Module({})
export class FeaturesModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly embeddings: ActiveModel<EmbeddingLookup>,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: FeaturesModule,
      controllers: [FeaturesController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: RealtimeCounters, inject: [RedisClient], useFactory: (r: RedisClient) => new RealtimeCounters(r.redis, redisNamespace(config.DATABASE_URL)) },
        { provide: ActiveModel, inject: [DataSource], useFactory: (ds: DataSource) => new ActiveModel<EmbeddingLookup>('embeddings', ds, parseEmbeddingArtifact) },
        ...profileMirrorProviders('feature-service', config, config.PROFILES_RELOAD_MS),
        {
          provide: AggregatesSnapshot,
          inject: [UserAggregatesRepository],
          useFactory: (rows: UserAggregatesRepository) => new AggregatesSnapshot(rows, config.AGGREGATES_POLL_MS),
        },
        FeaturesService,
        {
          provide: CountersConsumer,
          inject: [JetStreamService, RealtimeCounters],
          useFactory: (js: JetStreamService, counters: RealtimeCounters) =>
            new CountersConsumer(js, counters, { instanceName: `feature-service-${config.SERVICE_INSTANCE}-counters`, natsServers: config.natsServers }),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.embeddings.start(this.config.natsServers);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embeddings.stop();
  }
}

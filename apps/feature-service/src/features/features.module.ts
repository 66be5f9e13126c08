import { type DynamicModule, Module } from '@nestjs/common';
import {
  ActiveModel,
  activeModelProvider,
  EventStream,
  ProfileMirror,
  profileMirrorProviders,
  RedisClient,
  type ServiceConfig,
} from '@app/common';
import { redisNamespace } from '@app/common/redis/redis-namespace';
import { DataSource } from 'typeorm';
import { InteractionsRepository, MatchesRepository, ProfilesRepository, UserAggregatesRepository } from '@app/db';
import { AggregatesSnapshot } from '../aggregates/aggregates-snapshot';
import { CounterRebuild } from '../counters/counter-rebuild';
import { CountersConsumer } from '../counters/counters.consumer';
import { RealtimeCounters } from '../counters/realtime-counters';
import { FeatureErasure } from '../erasure/feature-erasure';
import { type EmbeddingLookup, parseEmbeddingArtifact } from '@app/ml/embeddings/lookup';
import { FeaturesController } from './features.controller';
import { FeaturesService } from './features.service';

/** The feature store: batch vectors, real-time counters, and the active embeddings. */
@Module({})
export class FeaturesModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: FeaturesModule,
      controllers: [FeaturesController],
      providers: [
        {
          provide: RealtimeCounters,
          inject: [RedisClient],
          useFactory: (r: RedisClient) => new RealtimeCounters(r.redis, redisNamespace(config.DATABASE_URL)),
        },
        activeModelProvider('embeddings', parseEmbeddingArtifact),
        ...profileMirrorProviders(config.PROFILES_RELOAD_MS, config.ERASURE_SWEEP_MS),
        {
          provide: AggregatesSnapshot,
          inject: [UserAggregatesRepository],
          useFactory: (rows: UserAggregatesRepository) => new AggregatesSnapshot(rows, config.AGGREGATES_POLL_MS),
        },
        FeaturesService,
        {
          provide: CountersConsumer,
          inject: [EventStream, RealtimeCounters, ProfileMirror],
          useFactory: (events: EventStream, counters: RealtimeCounters, profiles: ProfileMirror) =>
            new CountersConsumer(events, counters, profiles),
        },
        {
          provide: CounterRebuild,
          inject: [
            RedisClient,
            RealtimeCounters,
            DataSource,
            InteractionsRepository,
            MatchesRepository,
            AggregatesSnapshot,
            ProfileMirror,
          ],
          useFactory: (
            r: RedisClient,
            counters: RealtimeCounters,
            ds: DataSource,
            interactions: InteractionsRepository,
            matches: MatchesRepository,
            aggregates: AggregatesSnapshot,
            profiles: ProfileMirror,
          ) =>
            new CounterRebuild(
              r.redis,
              redisNamespace(config.DATABASE_URL),
              counters,
              ds,
              interactions,
              matches,
              aggregates,
              profiles,
            ),
        },
        {
          provide: FeatureErasure,
          inject: [ProfileMirror, ProfilesRepository, RealtimeCounters, AggregatesSnapshot, ActiveModel],
          useFactory: (
            profiles: ProfileMirror,
            users: ProfilesRepository,
            counters: RealtimeCounters,
            aggregates: AggregatesSnapshot,
            embeddings: ActiveModel<EmbeddingLookup>,
          ) => new FeatureErasure(profiles, users, counters, aggregates, embeddings, config.ERASURE_SWEEP_MS),
        },
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsModule, JetStreamService, jetstreamCheck, postgresCheck, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';
import { InteractionsModule } from './interactions/interactions.module';
import { MatchesModule } from './matches/matches.module';

/** Swipes, blocks and matches, with stats and timelines; announces every interaction as an event. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        EventsModule.forRoot({ servers: config.natsServers, name: 'interaction-service', relayOutbox: true }),
        ServiceCoreModule.forService({
          service: 'interaction-service',
          config,
          checks: { inject: [DataSource, JetStreamService], useFactory: (ds: DataSource, js: JetStreamService) => [postgresCheck(ds), jetstreamCheck(js)] },
        }),
        InteractionsModule,
        MatchesModule,
      ],
    };
  }
}

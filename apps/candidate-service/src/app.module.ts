import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsModule, JetStreamService, jetstreamCheck, postgresCheck, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';
import type { CandidateConfig } from './config/candidate-config';
import { CandidatesModule } from './generation/candidates.module';

/** Candidate generation: embeddings, the ANN index, candidate sources and the hard filters. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, candidateConfig: CandidateConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        // No outbox: this service writes no events, it only follows them.
        EventsModule.forRoot({ servers: config.natsServers, name: 'candidate-service', relayOutbox: false }),
        ServiceCoreModule.forService({
          service: 'candidate-service',
          config,
          checks: { inject: [DataSource, JetStreamService], useFactory: (ds: DataSource, js: JetStreamService) => [postgresCheck(ds), jetstreamCheck(js)] },
        }),
        CandidatesModule.forRoot(config, candidateConfig),
      ],
    };
  }
}

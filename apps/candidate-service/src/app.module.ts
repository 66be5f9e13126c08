import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { postgresCheck, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';

/** Candidate generation: embeddings, the ANN index, candidate sources and the hard filters. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        ServiceCoreModule.forService({
          service: 'candidate-service',
          config,
          checks: { inject: [DataSource], useFactory: (ds: DataSource) => [postgresCheck(ds)] },
        }),
      ],
    };
  }
}

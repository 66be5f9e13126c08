import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsModule, JetStreamService, jetstreamCheck, postgresCheck, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';
import { UsersModule } from './users/users.module';

/** Profiles and preferences: CRUD, filtered lists, searches; announces changes as events. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        EventsModule.forRoot({ servers: config.natsServers, name: 'user-service', relayOutbox: true }),
        ServiceCoreModule.forService({
          service: 'user-service',
          config,
          checks: { inject: [DataSource, JetStreamService], useFactory: (ds: DataSource, js: JetStreamService) => [postgresCheck(ds), jetstreamCheck(js)] },
        }),
        UsersModule,
      ],
    };
  }
}

import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@app/contracts';
import { DbModule } from '@app/db/db.module';
import type { ServiceConfig } from './config/service-config';
import { EventsModule } from './events/events.module';
import { JetStreamService } from './events/jetstream.service';
import { jetstreamCheck, postgresCheck } from './health/dependency-check';
import { ServiceCoreModule } from './service-core.module';

/**
 * What a service that owns PostgreSQL data and announces its changes needs: the database, the
 * event stream with its outbox relay, and health checks of both.
 */
export function dataServiceImports(service: ServiceName, config: ServiceConfig): DynamicModule[] {
  return [
    DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
    EventsModule.forRoot({ servers: config.natsServers, name: service, relayOutbox: true }),
    ServiceCoreModule.forService({
      service,
      config,
      checks: { inject: [DataSource, JetStreamService], useFactory: (ds: DataSource, js: JetStreamService) => [postgresCheck(ds), jetstreamCheck(js)] },
    }),
  ];
}

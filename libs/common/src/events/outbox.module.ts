import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventSubject } from '@app/contracts';
import { OutboxEventsRepository } from '@app/db/repositories/outbox-events.repository';
import { EventStream } from './event-stream';
import { LatencyMetrics } from '../metrics/latency-metrics';
import { OutboxRelay } from './outbox.relay';

/**
 * The relay of a service announcing its changes through the outbox (needs the database and
 * MessagingModule); it relays the events of `subjects`, the ones the service announces.
 */
@Module({})
export class OutboxModule {
  static forRoot(subjects: readonly EventSubject[]): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        {
          provide: OutboxRelay,
          inject: [DataSource, EventStream, LatencyMetrics],
          useFactory: (ds: DataSource, events: EventStream, metrics: LatencyMetrics) =>
            new OutboxRelay(new OutboxEventsRepository(ds.manager), events, subjects, metrics),
        },
      ],
      exports: [OutboxRelay],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxEventsRepository } from '@app/db/repositories/outbox-events.repository';
import { JetStreamService } from './jetstream.service';
import { OutboxRelay } from './outbox.relay';

/** JetStream access for a service; with `relayOutbox`, also relays the service's outbox. */
@Module({})
export class EventsModule {
  static forRoot(options: { servers: string[]; name: string; relayOutbox: boolean }): DynamicModule {
    const jetstream = { provide: JetStreamService, useFactory: () => new JetStreamService(options.servers, options.name) };
    const relay = { provide: OutboxRelay, inject: [DataSource, JetStreamService], useFactory: (ds: DataSource, js: JetStreamService) => new OutboxRelay(new OutboxEventsRepository(ds.manager), js) };
    return {
      module: EventsModule,
      global: true,
      providers: options.relayOutbox ? [jetstream, relay] : [jetstream],
      exports: options.relayOutbox ? [JetStreamService, OutboxRelay] : [JetStreamService],
    };
  }
}

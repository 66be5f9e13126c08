import { type DynamicModule, Module } from '@nestjs/common';
import { Colocation } from './bootstrap/colocation';
import type { RedeliveryPolicy } from './events/redelivery';
import { EventStream } from './events/event-stream';
import type { NatsConnectionOptions } from './nats/nats-connect-options';
import { SharedNatsConnection } from './nats/shared-nats-connection';
import { RpcClient } from './rpc/rpc-client';

export interface MessagingOptions {
  /** Where and how the process's one connection connects (natsConnectionOptions). */
  connection: NatsConnectionOptions;
  /** How long an RPC waits for its reply by default. */
  rpcTimeoutMs: number;
  /** How the process's durable consumers retry a failing event before it becomes a dead letter. */
  redelivery: RedeliveryPolicy;
  /** Set when the app runs with others in one process (TARGET=all): their handlers are called in process. */
  colocation?: Colocation;
}

/**
 * Everything NATS in one process, over its one connection (SharedNatsConnection): the typed
 * RpcClient and the EventStream; the Nest server of a service takes the same connection
 * (bootstrap). Registered by `bootstrap` for every app, before the app's own modules. With
 * others in one process, it also provides their `Colocation`.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: SharedNatsConnection,
          useFactory: () => new SharedNatsConnection(options.connection),
        },
        {
          provide: EventStream,
          inject: [SharedNatsConnection],
          useFactory: (nats: SharedNatsConnection) => new EventStream(nats, options.redelivery),
        },
        {
          provide: RpcClient,
          inject: [SharedNatsConnection],
          useFactory: (nats: SharedNatsConnection) => new RpcClient(nats, options.rpcTimeoutMs, options.colocation),
        },
        ...(options.colocation ? [{ provide: Colocation, useValue: options.colocation }] : []),
      ],
      exports: [SharedNatsConnection, EventStream, RpcClient, ...(options.colocation ? [Colocation] : [])],
    };
  }
}

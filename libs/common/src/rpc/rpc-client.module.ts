import { type DynamicModule, Module } from '@nestjs/common';
import { RpcClient } from './rpc-client';

export interface RpcClientOptions {
  servers: string[];
  timeoutMs: number;
  name: string;
}

/** Provides the typed RpcClient over one shared NATS connection. */
@Module({})
export class RpcClientModule {
  static register(options: RpcClientOptions): DynamicModule {
    return {
      module: RpcClientModule,
      global: true,
      providers: [
        {
          provide: RpcClient,
          useFactory: () => new RpcClient({ servers: options.servers, name: options.name }, options.timeoutMs),
        },
      ],
      exports: [RpcClient],
    };
  }
}

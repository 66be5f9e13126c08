import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

/** The service's Redis connection (counters, caches, the gateway's rate limits; BullMQ opens its own). */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  constructor(@Inject('REDIS_CONNECTION') readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({})
export class RedisModule {
  /** `options` adjust the connection (the gateway's rate limiter fails fast rather than queueing). */
  static forRoot(url: string, name: string, options: RedisOptions = {}): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        {
          provide: 'REDIS_CONNECTION',
          useFactory: () =>
            new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, lazyConnect: false, ...options }),
        },
        RedisClient,
      ],
      exports: [RedisClient],
    };
  }
}

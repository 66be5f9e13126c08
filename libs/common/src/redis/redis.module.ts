import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** The service's Redis connection (counters, caches; BullMQ opens its own). */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  constructor(@Inject('REDIS_CONNECTION') readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({})
export class RedisModule {
  static forRoot(url: string, name: string): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        {
          provide: 'REDIS_CONNECTION',
          useFactory: () => new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, lazyConnect: false }),
        },
        RedisClient,
      ],
      exports: [RedisClient],
    };
  }
}

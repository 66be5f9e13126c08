import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { EventStream, SharedNatsConnection } from '@app/common';
import { GatewayConfig } from '../gateway.config';

export type DependencyName = 'postgres' | 'redis' | 'nats' | 'jetstream';
export interface ProbeResult {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

const TIMEOUT_MS = 2000;

/** Direct probes of the infrastructure the system runs on, each bounded by a timeout. */
@Injectable()
export class DependencyProbes implements OnApplicationShutdown {
  private readonly pg: Pool;
  private readonly redis: Redis;

  constructor(
    config: GatewayConfig,
    private readonly nats: SharedNatsConnection,
    private readonly events: EventStream,
  ) {
    this.pg = new Pool({ connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: TIMEOUT_MS });
    this.pg.on('error', () => undefined);
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: 'gateway-health',
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
  }

  probe(name: DependencyName): Promise<ProbeResult> {
    switch (name) {
      case 'postgres':
        // A bare round trip (no table), so no repository: the gateway owns no data.
        return timed(() => this.pg.query('SELECT 1'));
      case 'redis':
        return timed(() => this.redis.ping());
      case 'nats':
        return timed(() => this.nats.roundTripMs());
      case 'jetstream':
        return timed(async () => {
          if (!(await this.events.isUp())) throw new Error('JetStream API not reachable');
        });
    }
  }

  async all(): Promise<Record<DependencyName, ProbeResult>> {
    const names: DependencyName[] = ['postgres', 'redis', 'nats', 'jetstream'];
    const results = await Promise.all(names.map((n) => this.probe(n)));
    return Object.fromEntries(names.map((n, i) => [n, results[i]])) as Record<DependencyName, ProbeResult>;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pg.end().catch(() => undefined);
    this.redis.disconnect();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<ProbeResult> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
      ),
    ]);
    return { status: 'up', latency_ms: round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latency_ms: round(performance.now() - started), error: (err as Error).message };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LatencyMetrics, RedisClient, ThrottledWarning } from '@app/common';

/** The two limiters: requests per subject, failed authentications per address. */
export type Limiter = 'requests' | 'auth_failures';
type Outcome = 'refused' | 'failed_open';

/** How long the gateway waits for Redis before it listens; without it, it starts anyway (fail open). */
const CONNECT_WAIT_MS = 3000;

/**
 * What the rate limiters did: requests refused, and requests let through unchecked because Redis
 * did not answer (fail open: the API keeps serving without limits rather than answering 500).
 * Counted in the gateway's metrics registry, shown under `rate_limits` in GET /health/metrics,
 * and warned about in the log at most once every 10 s.
 */
@Injectable()
export class RateLimitMetrics implements OnApplicationBootstrap {
  private readonly logger = new Logger('RateLimits');
  // A rate limiter runs on every request: at most one warning about Redis every 10 s.
  private readonly warning = new ThrottledWarning((line) => this.logger.warn(line));
  private readonly decisions: Counter<'limiter' | 'outcome'>;

  constructor(
    metrics: LatencyMetrics,
    private readonly redis: RedisClient,
  ) {
    this.decisions = new Counter({
      name: 'rate_limit_decisions_total',
      help: 'Requests refused by a rate limiter, or let through unchecked because its Redis did not answer',
      labelNames: ['limiter', 'outcome'],
      registers: [metrics.registry],
    });
    // ioredis reports a lost connection as an error event; it reconnects on its own.
    this.redis.redis.on('error', (err: Error) => this.warn(`rate limits: Redis connection: ${err.message}`));
  }

  /** Before the gateway listens: give the connection a moment, so the first requests are limited too. */
  async onApplicationBootstrap(): Promise<void> {
    const redis = this.redis.redis;
    if (redis.status === 'ready') return;
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!ready)
      this.warn(`rate limits: Redis not ready after ${CONNECT_WAIT_MS} ms; starting without limits until it is`);
  }

  refused(limiter: Limiter): void {
    this.decisions.inc({ limiter, outcome: 'refused' });
  }

  /** A limiter could not ask Redis and let the request through. */
  failedOpen(limiter: Limiter, err: unknown): void {
    this.decisions.inc({ limiter, outcome: 'failed_open' });
    this.warn(
      `rate limits: Redis did not answer (${(err as Error)?.message ?? err}); ${limiter} not limited (fail open)`,
    );
  }

  async snapshot(): Promise<Record<Limiter, Record<Outcome, number>>> {
    const counts: Record<Limiter, Record<Outcome, number>> = {
      requests: { refused: 0, failed_open: 0 },
      auth_failures: { refused: 0, failed_open: 0 },
    };
    for (const { labels, value } of (await this.decisions.get()).values)
      counts[labels.limiter as Limiter][labels.outcome as Outcome] += value;
    return counts;
  }

  private warn(message: string): void {
    this.warning.warn(message);
  }
}

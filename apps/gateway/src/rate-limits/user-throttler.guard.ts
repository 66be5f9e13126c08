import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { Principal } from '../auth/principal';
import { CostedRedisThrottlerStorage } from './costed-redis-storage';
import { costOf, type RateCostSpec } from './rate-cost';
import { RATE_COST } from './rate-cost.decorator';
import { RateLimitMetrics } from './rate-limit-metrics';
import { trackerOf } from './trackers';

const SUBJECT_KIND: Record<string, string> = { user: 'user', admin: 'admin subject', ip: 'address' };

/**
 * Rate limits shared by every gateway replica (the counters live in Redis): one budget per
 * minute per subject, `user:<id>`, `admin:<sub>`, or `ip:<address>` for public routes, across
 * all routes, each request drawing its route's cost (@RateCost). Over the budget: 429 with
 * Retry-After, in the gateway's error shape. Redis not answering: the request passes (fail open),
 * counted and logged by RateLimitMetrics.
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  private readonly store: CostedRedisThrottlerStorage;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: CostedRedisThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: RateLimitMetrics,
  ) {
    super(options, storage, reflector);
    if (!(storage instanceof CostedRedisThrottlerStorage))
      throw new Error('UserThrottlerGuard needs the CostedRedisThrottlerStorage');
    this.store = storage;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return trackerOf(
      req.principal as Principal | undefined,
      typeof req.ip === 'string' ? normalizeIp(req.ip) : undefined,
    );
  }

  /** The tracker alone: one budget across every route (the storage adds the namespace). */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = props;
    const { req, res } = this.getRequestResponse(context);
    const name = throttler.name ?? 'default';
    const key = generateKey(context, await getTracker(req, context), name);
    const spec = this.reflector.getAllAndOverride<RateCostSpec | undefined>(RATE_COST, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A request costing more than the whole budget takes all of it, rather than never passing.
    const cost = Math.min(costOf(spec, req), limit);
    let record;
    try {
      record = await this.store.increment(key, ttl, limit, blockDuration, name, cost);
    } catch (err) {
      this.metrics.failedOpen('requests', err);
      return true;
    }
    if (record.isBlocked) {
      const retryAfter = Math.max(1, record.timeToBlockExpire);
      res.header('Retry-After', String(retryAfter));
      this.metrics.refused('requests');
      throw new ThrottlerException(
        `rate limit exceeded: ${limit} per minute for each ${SUBJECT_KIND[key.split(':')[0]] ?? 'caller'}, ` +
          `this request costs ${cost}; retry after ${retryAfter} s`,
      );
    }
    res.header('X-RateLimit-Limit', String(limit));
    res.header('X-RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
    res.header('X-RateLimit-Reset', String(record.timeToExpire));
    return true;
  }
}

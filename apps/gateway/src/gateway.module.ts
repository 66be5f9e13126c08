import { type DynamicModule, type ExecutionContext, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  ConfigError,
  latencyMetricsProvider,
  RedisClient,
  RedisModule,
  redisNamespace,
  stallWatchProviders,
} from '@app/common';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { resolveJwtKey } from './auth/jwt-keys';
import type { Principal } from './auth/principal';
import { TokenVerifier } from './auth/token-verifier';
import type { GatewayConfig } from './gateway.config';
import { DependencyProbes } from './health/dependency-probes';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { DeadLetterMetrics } from './dead-letters/dead-letter-metrics';
import { HttpErrorFilter } from './http/http-error.filter';
import { HttpMetricsInterceptor } from './http/http-metrics.interceptor';
import { InteractionsModule } from './interactions/interactions.module';
import { MatchesController } from './matches/matches.controller';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { AuthFailureLimiter } from './rate-limits/auth-failures';
import { CostedRedisThrottlerStorage } from './rate-limits/costed-redis-storage';
import { RateLimitMetrics } from './rate-limits/rate-limit-metrics';
import { UserThrottlerGuard } from './rate-limits/user-throttler.guard';
import { UsersController } from './users/users.controller';

/** How long the rate limiters wait for Redis before letting a request through unchecked. */
const RATE_LIMIT_REDIS_TIMEOUT_MS = 250;

/** The HTTP edge: authentication, validation, rate limits, error mapping; no business logic. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const budgetOf = (context: ExecutionContext): number =>
      (context.switchToHttp().getRequest().principal as Principal | undefined)?.role === 'admin'
        ? config.RATE_LIMIT_ADMIN_PER_MINUTE
        : config.RATE_LIMIT_PER_MINUTE;
    const jwt = resolveJwtKey(config);
    if (Array.isArray(jwt)) throw new ConfigError(jwt);
    return {
      module: GatewayModule,
      imports: [
        // A KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey on every
        // verification (it throws for an HMAC secret) before createSecretKey, about 5% of the
        // gateway's CPU under load; a PEM string would be parsed on every verification too.
        // One algorithm only, so a token cannot choose how it is checked (HS256 signed with the
        // public key as its secret is refused).
        JwtModule.register({
          ...(jwt.algorithm === 'HS256' ? { secret: jwt.key } : { publicKey: jwt.key }),
          verifyOptions: { algorithms: [jwt.algorithm], issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
        }),
        TerminusModule.forRoot({ logger: false }),
        // The rate limiter's connection fails fast while Redis is away (no offline queue, a short
        // command timeout), so a request waits at most that long before passing unchecked.
        RedisModule.forRoot(config.REDIS_URL, 'gateway', {
          enableOfflineQueue: false,
          commandTimeout: RATE_LIMIT_REDIS_TIMEOUT_MS,
          maxRetriesPerRequest: 0,
          enableAutoPipelining: true,
        }),
        ThrottlerModule.forRootAsync({
          inject: [RedisClient],
          useFactory: (redis: RedisClient) => ({
            throttlers: [{ name: 'per-minute', ttl: 60_000, limit: (context) => budgetOf(context) }],
            skipIf: (context) => budgetOf(context) === 0,
            storage: new CostedRedisThrottlerStorage(redis.redis, redisNamespace(config.DATABASE_URL)),
          }),
        }),
        InteractionsModule,
        RecommendationsModule,
      ],
      controllers: [
        UsersController,
        MatchesController,
        HealthController,
        MetricsController,
        DeadLettersController,
        WebhooksController,
      ],
      providers: [
        latencyMetricsProvider('gateway', config.SLOW_REQUEST_MS),
        DeadLetterMetrics,
        ...stallWatchProviders(config.SLOW_REQUEST_MS),
        DependencyProbes,
        TokenVerifier,
        RateLimitMetrics,
        AuthFailureLimiter,
        // Order matters: authenticate first, so the rate limiter can key on the user.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ConfigError, LatencyMetrics, latencyMetrics, stallWatchProviders } from '@app/common';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { resolveJwtKey } from './auth/jwt-keys';
import { TokenVerifier } from './auth/token-verifier';
import { UserThrottlerGuard } from './auth/user-throttler.guard';
import type { GatewayConfig } from './gateway.config';
import { DependencyProbes } from './health/dependency-probes';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { HttpMetricsInterceptor } from './http/http-metrics.interceptor';
import { InteractionsModule } from './interactions/interactions.module';
import { MatchesController } from './matches/matches.controller';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { UsersController } from './users/users.controller';

/** The HTTP edge: authentication, validation, rate limits, error mapping; no business logic. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const rateLimited = config.RATE_LIMIT_PER_MINUTE > 0;
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
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'per-minute', ttl: 60_000, limit: Math.max(config.RATE_LIMIT_PER_MINUTE, 1) }],
          skipIf: () => !rateLimited,
        }),
        InteractionsModule,
        RecommendationsModule,
      ],
      controllers: [UsersController, MatchesController, HealthController],
      providers: [
        { provide: LatencyMetrics, useValue: latencyMetrics('gateway', config.SLOW_REQUEST_MS) },
        ...stallWatchProviders(config.SLOW_REQUEST_MS),
        DependencyProbes,
        TokenVerifier,
        // Order matters: authenticate first, so the rate limiter can key on the user.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}

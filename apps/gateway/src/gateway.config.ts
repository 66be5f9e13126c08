import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
// Imported from their files, not the barrel, so unit specs can load the config without Nest.
import { ConfigRule, emptyAsAbsent, inProduction } from '@app/common/config/config-rule';
import { ServiceConfig } from '@app/common/config/service-config';
import { MAX_PAGE_LIMIT } from '@app/contracts';
import { JWT_ALGORITHMS, type JwtAlgorithm, resolveJwtKey } from './auth/jwt-keys';

/** `npm start` writes `JWT_SECRET=<this><random hex>` to .env (scripts/start.sh): a development secret. */
export const DEVELOPMENT_JWT_SECRET_PREFIX = 'development-only-';

/** The problems of the verification key settings (none when exactly one key resolves with its algorithm). */
const keyProblems = (c: GatewayConfig): string[] => {
  const resolved = resolveJwtKey(c);
  return Array.isArray(resolved) ? resolved : [];
};

/** Gateway settings on top of what every service reads. */
export class GatewayConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8000;

  /**
   * HS256 key of the bearer tokens; only ever from the environment (or a local, ignored .env).
   * Exactly one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_FILE is set (the jwtKey rule).
   */
  // No @IsOptional: it would skip the rules below when the variable is absent, and jwtKey is
  // about exactly that.
  @Transform(emptyAsAbsent)
  @ConfigRule<GatewayConfig>(
    'jwtSecretLength',
    (c) => c.JWT_SECRET === undefined || String(c.JWT_SECRET).length >= 32,
    'JWT_SECRET must be at least 32 characters',
  )
  @ConfigRule<GatewayConfig>(
    'noDevelopmentJwtSecret',
    (c) => !inProduction(c) || !String(c.JWT_SECRET).startsWith(DEVELOPMENT_JWT_SECRET_PREFIX),
    'is the development secret npm start writes to .env: production needs a secret of its own',
  )
  @ConfigRule<GatewayConfig>('jwtKey', (c) => keyProblems(c).length === 0, (c) => keyProblems(c).join('; '))
  JWT_SECRET?: string;

  /** PEM public key of an RS256 or ES256 issuer (`\n` escapes allowed): the gateway then holds no signing key. */
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsString()
  JWT_PUBLIC_KEY?: string;

  /** The same, read from a file (a mounted secret). */
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsString()
  JWT_PUBLIC_KEY_FILE?: string;

  /** The one algorithm accepted; by default the key's (HS256 for a secret, RS256 for RSA, ES256 for P-256). */
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsIn(JWT_ALGORITHMS, { message: `JWT_ALGORITHM must be one of ${JWT_ALGORITHMS.join(', ')}` })
  JWT_ALGORITHM?: JwtAlgorithm;

  /** The longest a token may live (`exp - iat`, or `exp - now` without `iat`); `exp` is required. */
  @IsInt()
  @Min(60)
  @Max(30 * 86_400)
  JWT_MAX_TTL_SECONDS: number = 86_400;

  /** When set, a token's `iss` must equal it. */
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsString()
  JWT_ISSUER?: string;

  /** When set, a token's `aud` must be (or contain) it. */
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsString()
  JWT_AUDIENCE?: string;

  /**
   * Budget per minute of each user (or address, on public routes), shared by every gateway
   * replica through Redis; a request draws its route's cost (rate-limits/rate-cost.ts). 0 disables.
   */
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /**
   * Which proxies' `X-Forwarded-For` names the client (in proxy-addr's form, which Fastify
   * takes: `loopback`, a comma-separated list of addresses or CIDRs, or a hop count). The client address keys the
   * failed-authentication limit and anonymous budgets; behind a load balancer that is not on
   * loopback (a Kubernetes ingress), list its network here, or every client shares its address.
   */
  @IsString()
  TRUST_PROXY: string = 'loopback';

  /** The same for each admin subject (`sub` of an admin token: the app's backend); 0 disables. */
  @IsInt()
  @Min(0)
  RATE_LIMIT_ADMIN_PER_MINUTE: number = 12_000;

  /**
   * Failed authentications per client address per minute, shared by the replicas through Redis;
   * past them, the address's requests without a valid token get 429 before their body is read. 0 disables.
   */
  @IsInt()
  @Min(0)
  AUTH_FAILURES_PER_MINUTE: number = 30;

  /** Largest page a list endpoint returns. */
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  MAX_PAGE_SIZE: number = 100;
}

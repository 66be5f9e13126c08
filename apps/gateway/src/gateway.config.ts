import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
// Imported from their files, not the barrel, so unit specs can load the config without Nest.
import { ConfigRule, inProduction } from '@app/common/config/config-rule';
import { ServiceConfig } from '@app/common/config/service-config';

/** `npm start` writes `JWT_SECRET=<this><random hex>` to .env (scripts/start.sh): a development secret. */
export const DEVELOPMENT_JWT_SECRET_PREFIX = 'development-only-';

/** Gateway settings on top of what every service reads. */
export class GatewayConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8000;

  /** HS256 key of the bearer tokens; only ever from the environment (or a local, ignored .env). */
  @IsString({
    message: 'JWT_SECRET is required (the HS256 key of bearer tokens); npm start writes a random one to .env',
  })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @ConfigRule<GatewayConfig>(
    'noDevelopmentJwtSecret',
    (c) => !inProduction(c) || !String(c.JWT_SECRET).startsWith(DEVELOPMENT_JWT_SECRET_PREFIX),
    'is the development secret npm start writes to .env: production needs a secret of its own',
  )
  JWT_SECRET: string;

  /** Requests per minute allowed per user (or per address for anonymous calls); 0 disables. */
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** Largest page a list endpoint returns. */
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_PAGE_SIZE: number = 100;
}

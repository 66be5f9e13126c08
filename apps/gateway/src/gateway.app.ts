import type { INestApplication } from '@nestjs/common';
import type { AppDefinition } from '@app/common';
import { TokenVerifier } from './auth/token-verifier';
import { buildOpenApi, setupDocs } from './docs/setup-docs';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { setMaxPageSize } from './http/page-query.dto';
import { AuthFailureLimiter } from './rate-limits/auth-failures';
import { strictValidationPipe } from './http/validation';
import { fastifyAdapter, prepareFastify } from './http/fastify-platform';

/** Everything between creating the gateway's HTTP app and listening (the OpenAPI writer builds the same). */
function prepareGateway(nest: INestApplication, config: GatewayConfig): void {
  setMaxPageSize(config.MAX_PAGE_SIZE);
  const failures = nest.get(AuthFailureLimiter);
  prepareFastify(nest, failures.enabled ? { limiter: failures, tokens: nest.get(TokenVerifier) } : null);
  // /metrics stays at the root, where scrapers look for it.
  nest.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  nest.useGlobalPipes(strictValidationPipe());
  setupDocs(nest, buildOpenApi(nest));
}

/** The gateway as every app is booted (bootstrap): its config, its module, and its HTTP setup. */
export const gatewayApp: AppDefinition<GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  http: {
    // The JSON parser is the gateway's own (prepareFastify), not Nest's default.
    options: { bodyParser: false },
    adapter: fastifyAdapter,
    prepare: prepareGateway,
    port: (config) => config.PORT,
    listening: ({ PORT }) =>
      `gateway listening: API http://localhost:${PORT}/api/v1, docs http://localhost:${PORT}/docs and /redoc`,
  },
};

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppDefinition } from '@app/common';
import { TokenVerifier } from './auth/token-verifier';
import { buildOpenApi, setupDocs } from './docs/setup-docs';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { setMaxPageSize } from './http/page-query.dto';
import { requestContextMiddleware } from './http/request-context.middleware';
import { trustProxy } from './http/trust-proxy';
import { AuthFailureLimiter, authFailureMiddleware } from './rate-limits/auth-failures';
import { strictValidationPipe } from './http/validation';

/** Everything between creating the gateway's HTTP app and listening (the OpenAPI writer builds the same). */
function prepareGateway(nest: INestApplication, config: GatewayConfig): void {
  const app = nest as NestExpressApplication;
  setMaxPageSize(config.MAX_PAGE_SIZE);
  app.use(requestContextMiddleware);
  // Before the body parser: an address over its failed-authentication limit is refused unread.
  const failures = app.get(AuthFailureLimiter);
  if (failures.enabled) app.use(authFailureMiddleware(failures, app.get(TokenVerifier)));
  // /metrics stays at the root, where scrapers look for it.
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useBodyParser('json', { limit: '1mb' });
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  setupDocs(app, buildOpenApi(app));
}

/** The gateway as every app is booted (bootstrap): its config, its module, and its HTTP setup. */
export const gatewayApp: AppDefinition<GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  http: {
    // The JSON parser comes in prepareGateway, after the request-id middleware (a malformed body
    // gets an id) and the failed-authentication limiter (a refused address's body is never read).
    options: { bodyParser: false },
    prepare: prepareGateway,
    port: (config) => config.PORT,
    listening: ({ PORT }) =>
      `gateway listening: API http://localhost:${PORT}/api/v1, docs http://localhost:${PORT}/docs and /redoc`,
  },
};

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonLogger } from '@app/common';
import { buildOpenApi, setupDocs } from './docs/setup-docs';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { setMaxPageSize } from './http/page-query.dto';
import { requestContextMiddleware } from './http/request-context.middleware';
import { strictValidationPipe } from './http/validation';

/** Builds the gateway app (shared by main.ts and the OpenAPI writer). */
export async function createGateway(config: GatewayConfig, logger = new JsonLogger('gateway', config.LOG_LEVEL)): Promise<INestApplication> {
  setMaxPageSize(config.MAX_PAGE_SIZE);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { logger, bufferLogs: true, bodyParser: false });
  app.use(requestContextMiddleware);
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(strictValidationPipe());
  app.useBodyParser('json', { limit: '1mb' });
  app.set('trust proxy', 'loopback');
  app.enableShutdownHooks();
  setupDocs(app, buildOpenApi(app));
  return app;
}

import 'reflect-metadata';
import { ConfigError, JsonLogger, loadConfig, loadDotEnv } from '@app/common';
import { createGateway } from './create-gateway';
import { GatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(GatewayConfig);
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const app = await createGateway(config, logger);
  await app.listen(config.PORT, '0.0.0.0');
  logger.log(`gateway listening: API http://localhost:${config.PORT}/api/v1, docs http://localhost:${config.PORT}/docs and /redoc`, 'Bootstrap');
}

main().catch((err: Error) => {
  console.error(err instanceof ConfigError ? `gateway: ${err.message}` : err);
  process.exit(1);
});

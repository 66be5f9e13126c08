import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@app/contracts';
import { ConfigError, loadConfig, loadDotEnv } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';
import { JsonLogger } from '../logging/json-logger';
import { MessagingModule } from '../messaging.module';
import { LatencyMetrics } from '../metrics/latency-metrics';
import { SharedNatsConnection } from '../nats/shared-nats-connection';
import { DomainErrorFilter } from '../rpc/domain-error.filter';
import { RpcContextInterceptor } from '../rpc/rpc-context.interceptor';
import { RpcReplySerializer } from '../rpc/rpc-reply.serializer';
import { DrainingNatsServer } from './draining-nats-server';

/** How long a stopping service keeps serving the requests it has already received. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * Starts a NATS microservice: every handler subscribes with the queue group `service`, so running
 * more replicas spreads the load; errors cross NATS as coded payloads; logs are JSON lines.
 */
export async function bootstrapService(service: ServiceName, buildModule: (config: ServiceConfig) => DynamicModule): Promise<void> {
  loadDotEnv();
  let config: ServiceConfig;
  try {
    config = loadConfig(ServiceConfig);
  } catch (err) {
    console.error(`${service}: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
  const messaging = { name: `${service}-${config.SERVICE_INSTANCE}`, servers: config.natsServers, rpcTimeoutMs: config.RPC_TIMEOUT_MS };
  // Nest shuts global modules down in the reverse order of their registration: listed first,
  // the NATS connection outlives every module that uses it.
  const module = { module: ServiceRootModule, imports: [MessagingModule.forRoot(messaging), buildModule(config)] };
  const logger = new JsonLogger(service, config.LOG_LEVEL);
  try {
    // On SIGTERM: drain (other replicas take new requests, received ones are handled), give the
    // handlers SHUTDOWN_GRACE_MS to reply, then let go of the process's one connection.
    // Without it a stopping replica dropped the requests it was serving and the callers waited
    // for RPC_TIMEOUT_MS.
    const serverOptions = { queue: service, gracePeriod: SHUTDOWN_GRACE_MS, serializer: new RpcReplySerializer() };
    const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(module, {
      logger,
      bufferLogs: true,
      inject: [SharedNatsConnection],
      useFactory: (nats: SharedNatsConnection) => ({ strategy: new DrainingNatsServer(serverOptions, nats) }),
    });
    app.useGlobalFilters(new DomainErrorFilter());
    app.useGlobalInterceptors(new RpcContextInterceptor(app.get(LatencyMetrics)));
    app.enableShutdownHooks();
    await app.listen();
    logger.log(`${service} listening on ${config.NATS_URL} (queue group ${service})`, 'Bootstrap');
  } catch (err) {
    logger.error(err as Error, 'Bootstrap');
    process.exit(1);
  }
}

/** The root a service runs under: its NATS connection (MessagingModule), then its own module. */
@Module({})
class ServiceRootModule {}

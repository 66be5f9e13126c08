import type { AbstractHttpAdapter } from '@nestjs/core';
import {
  type DynamicModule,
  type INestApplication,
  type INestMicroservice,
  Module,
  type NestApplicationOptions,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@app/contracts';
import { AppConfigModule } from '../config/app-config.module';
import { ConfigError, loadConfig, loadDotEnv } from '../config/load-config';
import type { ServiceConfig } from '../config/service-config';
import { EventStream } from '../events/event-stream';
import { JsonLogger } from '../logging/json-logger';
import { MessagingModule } from '../messaging.module';
import { LatencyMetrics } from '../metrics/latency-metrics';
import { anonymousNatsWarning, natsConnectionOptions, serversForLog } from '../nats/nats-connect-options';
import { SharedNatsConnection } from '../nats/shared-nats-connection';
import { ContractValidationInterceptor } from '../rpc/contract-validation.interceptor';
import { DomainErrorFilter } from '../rpc/domain-error.filter';
import { RpcContextInterceptor } from '../rpc/rpc-context.interceptor';
import { RpcReplySerializer } from '../rpc/rpc-reply.serializer';
import { requestSchemaOf } from '../validation/contracts/rpc-schemas';
import type { Colocation } from './colocation';
import { DrainingNatsServer } from './draining-nats-server';
import { drainOnSignals } from './http-drain';

/** How long a stopping service keeps serving the requests it has already received. */
const SHUTDOWN_GRACE_MS = 2000;

/** The deployables: the HTTP gateway and the NATS services. */
export type AppName = 'gateway' | ServiceName;

/** What makes an app an HTTP one (the gateway): its setup, and where it listens. */
export interface HttpApp<C extends ServiceConfig> {
  /** Options of Nest's HTTP application (its body parser, say). */
  options?: NestApplicationOptions;
  /** The HTTP platform under Nest (the gateway's: Fastify). */
  adapter(config: C): AbstractHttpAdapter;
  /** Everything between creating the app and listening: hooks, prefix, pipes, docs. */
  prepare(app: INestApplication, config: C): void;
  port(config: C): number;
  /** The line logged once it listens. */
  listening(config: C): string;
}

/** One deployable: its name, its config class (ServiceConfig or one extending it) and its module. */
export interface AppDefinition<C extends ServiceConfig> {
  name: AppName;
  config: new () => C;
  module(config: C): DynamicModule;
  /** Set for the HTTP app; an app without it is a NATS service. */
  http?: HttpApp<C>;
}

/**
 * Starts a deployable, every one the same way: validates its config from the environment (a
 * bad setting stops the process, listing every problem at once), logs JSON lines, provides its
 * one NATS connection with the RPC client and the event stream (MessagingModule), and serves:
 * HTTP for the gateway; NATS for a service, every handler subscribed with the queue group
 * named after it, so more replicas spread the load, every request checked against its
 * subject's schema before its handler, and errors crossing as coded payloads.
 */
export async function bootstrap<C extends ServiceConfig>(app: AppDefinition<C>): Promise<void> {
  const config = loadAppConfig(app);
  const logger = new JsonLogger(app.name, config.LOG_LEVEL);
  const anonymous = anonymousNatsWarning(config);
  if (anonymous) logger.warn(anonymous, 'Bootstrap');
  try {
    if (app.http) {
      const server = await createHttpApp(app, config, logger);
      drainOnSignals(server, logger);
      await server.listen(app.http.port(config), '0.0.0.0');
      logger.log(app.http.listening(config), 'Bootstrap');
    } else {
      await startService(app, config, logger);
      const where = serversForLog(config.natsServers);
      logger.log(`${app.name} listening on ${where} (queue group ${app.name})`, 'Bootstrap');
    }
  } catch (err) {
    logger.error(err as Error, 'Bootstrap');
    process.exit(1);
  }
}

/** Reads `.env` and validates the app's config; when a setting is bad, prints every problem and exits. */
export function loadAppConfig<C extends ServiceConfig>(app: AppDefinition<C>): C {
  loadDotEnv();
  try {
    return loadConfig(app.config);
  } catch (err) {
    console.error(`${app.name}: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}

/** An HTTP app, set up but not listening yet (the OpenAPI writer documents the gateway with it). */
export async function createHttpApp<C extends ServiceConfig>(
  app: AppDefinition<C>,
  config: C,
  logger: JsonLogger,
  colocation?: Colocation,
): Promise<INestApplication> {
  if (!app.http) throw new Error(`${app.name} is not an HTTP app`);
  const options = { ...app.http.options, logger, bufferLogs: true };
  const root = rootModule(app, config, colocation);
  const nest = await NestFactory.create(root, app.http.adapter(config), options);
  app.http.prepare(nest, config);
  return nest;
}

/**
 * A NATS service, listening: its server answers over the app's one connection, every handler
 * checked to have a request schema. With a colocation (TARGET=all) it also answers in process,
 * and leaves the signals to the process's one shutdown sequence (all-in-one.ts).
 */
export async function startService<C extends ServiceConfig>(
  app: AppDefinition<C>,
  config: C,
  logger: JsonLogger,
  colocation?: Colocation,
): Promise<INestMicroservice> {
  const serverOptions = { queue: app.name, gracePeriod: SHUTDOWN_GRACE_MS, serializer: new RpcReplySerializer() };
  let server: DrainingNatsServer | undefined;
  const service = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(rootModule(app, config, colocation), {
    logger,
    bufferLogs: true,
    inject: [SharedNatsConnection],
    // On SIGTERM the server drains (other replicas take new requests, received ones are
    // handled), gives the handlers SHUTDOWN_GRACE_MS to reply, then lets go of the connection.
    useFactory: (nats: SharedNatsConnection) => ({ strategy: (server = new DrainingNatsServer(serverOptions, nats)) }),
  });
  service.useGlobalFilters(new DomainErrorFilter());
  // Outermost first: every request is timed, then checked against its subject's schema.
  const metrics = service.get(LatencyMetrics);
  service.useGlobalInterceptors(new RpcContextInterceptor(metrics), new ContractValidationInterceptor());
  service.get(EventStream).instrument(metrics);
  if (!colocation) service.enableShutdownHooks();
  await service.listen();
  // The handlers are known once the service listens (an earlier init() here started the trainer's
  // BullMQ worker twice, two jobs at a time): checked then, and the process exits if one lacks a schema.
  assertEveryHandlerHasSchema([...server!.getHandlers().keys()]);
  if (colocation) server!.serveInProcess(colocation);
  return service;
}

/**
 * A handler whose subject has no request schema would take unchecked input: the service
 * refuses to start, naming it (add its schema to RPC_SCHEMAS, libs/common/src/validation/contracts).
 */
function assertEveryHandlerHasSchema(subjects: string[]): void {
  const unchecked = subjects.filter((s) => !requestSchemaOf(s));
  if (unchecked.length) throw new Error(`handlers without a request schema (RPC_SCHEMAS): ${unchecked.join(', ')}`);
}

@Module({})
class AppRootModule {}

/**
 * The root every app runs under. Apps sharing a process (a colocation) connect to NATS as its
 * one bus user, `all`, whose permissions are every app's.
 */
function rootModule<C extends ServiceConfig>(app: AppDefinition<C>, config: C, colocation?: Colocation): DynamicModule {
  const messaging = {
    connection: natsConnectionOptions(colocation ? 'all' : app.name, config, app.name),
    rpcTimeoutMs: config.RPC_TIMEOUT_MS,
    redelivery: { maxDeliveries: config.EVENT_MAX_DELIVERIES, backoffMs: config.EVENT_REDELIVERY_BACKOFF_MS },
    colocation,
  };
  return {
    module: AppRootModule,
    // Nest shuts global modules down in the reverse order of their registration: listed first,
    // the config and the NATS connection outlive every module that uses them.
    imports: [AppConfigModule.forRoot(config), MessagingModule.forRoot(messaging), app.module(config)],
  };
}

import type { INestMicroservice } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import { anonymousNatsWarning } from '../nats/nats-connect-options';
import { type AppDefinition, bootstrap, createHttpApp, loadAppConfig, startService } from './bootstrap';
import { Colocation } from './colocation';
import { drainOnSignals } from './http-drain';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyApp = AppDefinition<any>;

/**
 * Starts the apps of a target: one app as its own process (`bootstrap`), several in one process
 * (`bootstrapTogether`).
 */
export function bootstrapTarget(apps: readonly AnyApp[]): Promise<void> {
  return apps.length === 1 ? bootstrap(apps[0]) : bootstrapTogether(apps);
}

/**
 * Runs several apps in one process (TARGET=all): each is the same Nest application, with the
 * same modules, config class, handlers and checks, as when it runs alone, and keeps its own
 * connections (PostgreSQL, Redis, NATS for its events) and its own metrics registry. What
 * changes is how they call each other: every service's handlers are served in process
 * (`Colocation`), so a request between them is a function call through the service's own
 * pipeline, with no serialization and no NATS hop. Events still go through JetStream, durable
 * as ever.
 *
 * The services start first, so their handlers are in place before the HTTP app takes requests.
 * On SIGTERM the HTTP app (there is one: the gateway) drains (every accepted request answered),
 * then the services close together (their consumers stop, their outboxes relay a last time),
 * then the process exits.
 */
export async function bootstrapTogether(apps: readonly AnyApp[]): Promise<void> {
  const configs = apps.map((app) => loadAppConfig(app));
  // One logger for the process (Nest's Logger is one per process: each app would replace the
  // last one's); each line still names its class in `context`.
  const logger = new JsonLogger('all', configs[0].LOG_LEVEL);
  const anonymous = anonymousNatsWarning(configs[0]);
  if (anonymous) logger.warn(anonymous, 'Bootstrap');
  const colocation = new Colocation();
  const services: INestMicroservice[] = [];
  const closeServices = () => Promise.all(services.map((s) => s.close()));
  try {
    for (const [i, app] of apps.entries()) {
      if (app.http) continue;
      services.push(await startService(app, configs[i], logger, colocation));
    }
    const httpAt = apps.findIndex((app) => app.http);
    if (httpAt < 0) throw new Error('apps run together behind their HTTP app (the gateway): none given');
    const [app, config] = [apps[httpAt], configs[httpAt]];
    const http = await createHttpApp(app, config, logger, colocation);
    drainOnSignals(http, logger, { then: closeServices });
    await http.listen(app.http!.port(config), '0.0.0.0');
    logger.log(app.http!.listening(config), 'Bootstrap');
    const names = apps.map((a) => a.name).join(', ');
    logger.log(`${names} running in one process; ${colocation.subjects} subjects answered in process`, 'Bootstrap');
  } catch (err) {
    logger.error(err as Error, 'Bootstrap');
    process.exit(1);
  }
}

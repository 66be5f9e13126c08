import {
  type DynamicModule,
  Injectable,
  type InjectionToken,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { ServiceName } from '@app/contracts';
import { Colocation } from './bootstrap/colocation';
import type { ServiceConfig } from './config/service-config';
import { DEPENDENCY_CHECKS, type DependencyCheck } from './health/dependency-check';
import { serviceHealthController } from './health/service-health.controller';
import { DisclosurePolicy } from './privacy/disclosure';
import { LatencyMetrics } from './metrics/latency-metrics';
import { MetricsServer } from './metrics/metrics-server';
import { StallWatch } from './metrics/stall-watch';

export interface ServiceCoreOptions {
  service: ServiceName;
  config: ServiceConfig;
  /** Factory of the dependency checks, with the tokens it needs injected. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  checks: { inject: InjectionToken[]; useFactory: (...deps: any[]) => DependencyCheck[] };
}

/**
 * What every service has: latency metrics, the disclosure policy, the health ping/metrics
 * handlers, and (with METRICS_PORT) its HTTP listener for scrapers and probes (its config:
 * AppConfigModule).
 */
@Module({})
export class ServiceCoreModule {
  static forService(options: ServiceCoreOptions): DynamicModule {
    return {
      module: ServiceCoreModule,
      global: true,
      controllers: [serviceHealthController(options.service)],
      providers: [
        latencyMetricsProvider(options.service, options.config.SLOW_REQUEST_MS),
        ...stallWatchProviders(options.config.SLOW_REQUEST_MS),
        { provide: DEPENDENCY_CHECKS, inject: options.checks.inject, useFactory: options.checks.useFactory },
        {
          provide: MetricsServerLifecycle,
          inject: [LatencyMetrics, DEPENDENCY_CHECKS, { token: Colocation, optional: true }],
          // With others in one process, the gateway's GET /metrics serves this service's registry.
          useFactory: (metrics: LatencyMetrics, checks: DependencyCheck[], colocation?: Colocation) => {
            const port = colocation ? 0 : options.config.METRICS_PORT;
            return new MetricsServerLifecycle(new MetricsServer(metrics, checks), port);
          },
        },
        DisclosurePolicy,
      ],
      exports: [LatencyMetrics, DisclosurePolicy],
    };
  }
}

/**
 * An app's latency metrics, logging handlers slower than `slowMs` as warnings. Its registry
 * carries the process's own metrics, except in a process shared with other apps (TARGET=all),
 * where only the gateway's does (one process, counted once) and every app's registry joins the
 * process's exposition.
 */
export function latencyMetricsProvider(app: string, slowMs: number): Provider {
  return {
    provide: LatencyMetrics,
    inject: [{ token: Colocation, optional: true }],
    useFactory: (colocation?: Colocation) => {
      const logger = new Logger('SlowHandler');
      const metrics = new LatencyMetrics(
        app,
        { thresholdMs: slowMs, warn: (msg, requestId) => logger.warn({ msg, request_id: requestId }) },
        { processMetrics: !colocation || app === 'gateway' },
      );
      colocation?.exportRegistry(metrics.registry);
      return metrics;
    },
  };
}

/** Runs a StallWatch for the life of the app. */
@Injectable()
class StallWatchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly watch: StallWatch) {}

  onApplicationBootstrap(): void {
    this.watch.start();
  }

  onApplicationShutdown(): void {
    this.watch.stop();
  }
}

/**
 * Logs the event loop standing still for `slowMs` or more (SLOW_REQUEST_MS: what makes a
 * handler "slow" makes a stall worth a line), with the garbage collections during it.
 */
export function stallWatchProviders(slowMs: number): Provider[] {
  const logger = new Logger('Stall');
  return [
    { provide: StallWatch, useValue: new StallWatch({ thresholdMs: slowMs, warn: (m) => logger.warn(m) }) },
    StallWatchLifecycle,
  ];
}

/** Runs the service's MetricsServer on METRICS_PORT for the life of the app (none with 0). */
class MetricsServerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly server: MetricsServer,
    private readonly port: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.port <= 0) return;
    await this.server.listen(this.port);
    this.logger.log(`metrics and probes on http://0.0.0.0:${this.port} (/metrics, /health/live, /health/ready)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

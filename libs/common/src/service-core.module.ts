import { type DynamicModule, type InjectionToken, Logger, Module } from '@nestjs/common';
import type { ServiceName } from '@app/contracts';
import type { ServiceConfig } from './config/service-config';
import { DEPENDENCY_CHECKS, type DependencyCheck } from './health/dependency-check';
import { serviceHealthController } from './health/service-health.controller';
import { LatencyMetrics } from './metrics/latency-metrics';

export interface ServiceCoreOptions {
  service: ServiceName;
  config: ServiceConfig;
  /** Factory of the dependency checks, with the tokens it needs injected. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  checks: { inject: InjectionToken[]; useFactory: (...deps: any[]) => DependencyCheck[] };
}

/** What every service has: its config, latency metrics, and the health ping/metrics handlers. */
@Module({})
export class ServiceCoreModule {
  static forService(options: ServiceCoreOptions): DynamicModule {
    const configToken = options.config.constructor;
    return {
      module: ServiceCoreModule,
      global: true,
      controllers: [serviceHealthController(options.service)],
      providers: [
        { provide: configToken, useValue: options.config },
        { provide: LatencyMetrics, useValue: latencyMetrics(options.service, options.config.SLOW_REQUEST_MS) },
        { provide: DEPENDENCY_CHECKS, inject: options.checks.inject, useFactory: options.checks.useFactory },
      ],
      exports: [configToken, LatencyMetrics],
    };
  }
}

/** A service's latency metrics, logging handlers slower than `slowMs` as warnings. */
export function latencyMetrics(service: string, slowMs: number): LatencyMetrics {
  const logger = new Logger('SlowHandler');
  return new LatencyMetrics(service, { thresholdMs: slowMs, warn: (m) => logger.warn(m) });
}

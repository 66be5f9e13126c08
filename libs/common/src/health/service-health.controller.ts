import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Subjects, type ServiceMetrics, type ServiceName, type ServicePing } from '@app/contracts';
import { LatencyMetrics } from '../metrics/latency-metrics';
import { DEPENDENCY_CHECKS, type DependencyCheck } from './dependency-check';

const started = Date.now();

/** Builds the controller answering `<service>.health.ping` and `<service>.health.metrics`. */
export function serviceHealthController(service: ServiceName): Type<unknown> {
  @Controller()
  class ServiceHealthController {
    constructor(
      @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
      private readonly metrics: LatencyMetrics,
    ) {}

    @MessagePattern(Subjects.health.ping(service))
    async ping(): Promise<ServicePing> {
      const states = await Promise.all(
        this.checks.map(async (c) => [c.name, (await c.isUp()) ? 'up' : 'down'] as const),
      );
      const dependencies = Object.fromEntries(states);
      return {
        service,
        status: states.every(([, s]) => s === 'up') ? 'ok' : 'degraded',
        uptime_s: Math.round((Date.now() - started) / 1000),
        dependencies,
        pid: process.pid,
      };
    }

    @MessagePattern(Subjects.health.metrics(service))
    async snapshot(): Promise<ServiceMetrics> {
      return { service, handlers: await this.metrics.snapshot() };
    }
  }
  return ServiceHealthController;
}

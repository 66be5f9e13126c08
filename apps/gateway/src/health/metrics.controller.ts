import { Controller, Get, Header, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Colocation, LatencyMetrics } from '@app/common';
import { Public } from '../auth/principal';

/**
 * GET /metrics, outside the API's prefix where scrapers look for it: the gateway process's
 * Prometheus registry (route latency histograms, rate limits, process metrics). Each NATS service
 * serves its own on METRICS_PORT (MetricsServer); Prometheus scrapes every pod. With every app in
 * one process (TARGET=all), this serves all of their registries, each sample labelled with its
 * app's `service`. Aggregate counts only, no person's data; the Ingress example routes only /api
 * to the outside.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: LatencyMetrics,
    @Optional() private readonly colocation?: Colocation,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return (this.colocation ?? this.metrics).prometheus();
  }
}

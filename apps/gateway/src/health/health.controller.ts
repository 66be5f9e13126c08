import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import {
  SERVICE_NAMES,
  Subjects,
  type ModelVersionView,
  type ServiceMetrics,
  type ServiceName,
  type RouteMetrics,
} from '@app/contracts';
import { LatencyMetrics, RpcClient } from '@app/common';
import { Public } from '../auth/principal';
import { RateLimitMetrics } from '../rate-limits/rate-limit-metrics';
import { DependencyProbes, type DependencyName, type ProbeResult } from './dependency-probes';
import {
  ActiveModelsResponse,
  DependencyHealthResponse,
  LatencyMetricsResponse,
  LivenessResponse,
} from './health.response';

const PING_TIMEOUT_MS = 1500;
const started = Date.now();

/** Health endpoints (public): liveness, readiness, every dependency and service, metrics, models. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly probes: DependencyProbes,
    private readonly rpc: RpcClient,
    private readonly metrics: LatencyMetrics,
    private readonly rateLimits: RateLimitMetrics,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Every dependency and every service (via NATS); 503 when any is down',
  })
  check() {
    return this.health.check([...this.dependencyChecks(), ...SERVICE_NAMES.map((s) => () => this.serviceCheck(s))]);
  }

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the gateway process answers' })
  @ApiOkResponse({ type: LivenessResponse })
  live() {
    return { status: 'ok', uptime_s: Math.round((Date.now() - started) / 1000) };
  }

  /**
   * Readiness of this gateway replica: it can take requests when its NATS connection answers.
   * Not the services behind it (each has its own readiness, and a request to one that is down
   * gets 503 within RPC_TIMEOUT_MS), not the trainer (the API serves without it), not Redis (the
   * rate limits let requests through while it is away), not PostgreSQL (the gateway owns no
   * data): a replica taken out of rotation for any of those would not help, and every replica
   * would be taken out at once, turning one part down into the whole API down. `GET /health`
   * reports all of them.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness of this replica: its NATS connection answers (services, trainer and Redis may be down)',
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready: NATS does not answer' })
  ready() {
    return this.health.check(this.dependencyChecks(['nats']));
  }

  @Get('dependencies')
  @ApiOperation({
    operationId: 'getDependencyHealth',
    summary: 'State and round-trip latency of PostgreSQL, Redis, NATS and JetStream',
  })
  @ApiOkResponse({ type: DependencyHealthResponse })
  dependencies(): Promise<Record<DependencyName, ProbeResult>> {
    return this.probes.all();
  }

  @Get('metrics')
  @ApiOperation({
    operationId: 'getLatencyMetrics',
    summary: 'Request counts and latency percentiles per gateway route and per service handler',
  })
  @ApiOkResponse({ type: LatencyMetricsResponse })
  async metricsSnapshot(): Promise<{
    gateway: RouteMetrics[];
    services: Partial<Record<ServiceName, RouteMetrics[] | { error: string }>>;
    rate_limits: Awaited<ReturnType<RateLimitMetrics['snapshot']>>;
  }> {
    const services = await Promise.all(
      SERVICE_NAMES.map(async (s) => {
        try {
          const reply: ServiceMetrics = await this.rpc.send(
            Subjects.health.metrics(s),
            {},
            { timeoutMs: PING_TIMEOUT_MS },
          );
          return [s, reply.handlers] as const;
        } catch (err) {
          return [s, { error: (err as Error).message }] as const;
        }
      }),
    );
    return {
      gateway: await this.metrics.snapshot(),
      services: Object.fromEntries(services),
      rate_limits: await this.rateLimits.snapshot(),
    };
  }

  @Get('models')
  @ApiOperation({
    operationId: 'getModelHealth',
    summary: 'Active model versions: when and on how much data they were trained, their offline metrics',
  })
  @ApiOkResponse({ type: ActiveModelsResponse })
  async models(): Promise<{ models: ModelVersionView[] }> {
    const { versions } = await this.rpc.send(Subjects.training.versions, {}, { timeoutMs: PING_TIMEOUT_MS });
    return { models: versions.filter((v) => v.status === 'active') };
  }

  private dependencyChecks(names: readonly DependencyName[] = ['postgres', 'redis', 'nats', 'jetstream']) {
    return names.map((name) => async (): Promise<HealthIndicatorResult> => {
      const r = await this.probes.probe(name);
      const session = this.indicator.check(name);
      return r.status === 'up'
        ? session.up({ latency_ms: r.latency_ms })
        : session.down({ message: r.error ?? 'down' });
    });
  }

  private async serviceCheck(service: ServiceName): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(service);
    try {
      const ping = await this.rpc.send(Subjects.health.ping(service), {}, { timeoutMs: PING_TIMEOUT_MS });
      return ping.status === 'ok'
        ? session.up({ dependencies: ping.dependencies, uptime_s: ping.uptime_s, pid: ping.pid })
        : session.down({ message: 'degraded', dependencies: ping.dependencies });
    } catch (err) {
      return session.down({ message: (err as Error).message });
    }
  }
}

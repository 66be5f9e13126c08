/**
 * The answers of the health endpoints, for the OpenAPI document (and so the typed client): what
 * an operator's tooling reads. The readiness and full health answers are Terminus' own, documented
 * by @HealthCheck().
 */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ModelVersionResponse } from '../recommendations/dto/recommendation.response';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 42, description: 'Seconds since this gateway process started' }) uptime_s: number;
}

export class ProbeResponse {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status: 'up' | 'down';
  @ApiProperty({ example: 0.8, description: 'Round trip of the probe' }) latency_ms: number;
  @ApiPropertyOptional({ example: 'connect ECONNREFUSED 127.0.0.1:6379' }) error?: string;
}

export class DependencyHealthResponse {
  @ApiProperty({ type: ProbeResponse }) postgres: ProbeResponse;
  @ApiProperty({ type: ProbeResponse }) redis: ProbeResponse;
  @ApiProperty({ type: ProbeResponse }) nats: ProbeResponse;
  @ApiProperty({ type: ProbeResponse }) jetstream: ProbeResponse;
}

export class RouteMetricsResponse {
  @ApiProperty({ example: 'GET /api/v1/recommendations/users/:user_id/recommendations' }) name: string;
  @ApiProperty({ example: 1200 }) count: number;
  @ApiProperty({ example: 0 }) errors: number;
  @ApiProperty({ example: 8.1 }) p50_ms: number;
  @ApiProperty({ example: 19.4 }) p90_ms: number;
  @ApiProperty({ example: 41.0 }) p99_ms: number;
}

class LimiterOutcomesResponse {
  @ApiProperty({ example: 3, description: 'Requests refused with 429' }) refused: number;
  @ApiProperty({ example: 0, description: 'Requests let through because Redis did not answer' }) failed_open: number;
}

class RateLimitCountsResponse {
  @ApiProperty({ type: LimiterOutcomesResponse }) requests: LimiterOutcomesResponse;
  @ApiProperty({ type: LimiterOutcomesResponse }) auth_failures: LimiterOutcomesResponse;
}

export class LatencyMetricsResponse {
  @ApiProperty({ type: [RouteMetricsResponse], description: "This gateway replica's routes" })
  gateway: RouteMetricsResponse[];
  @ApiProperty({
    type: 'object',
    description: "Each service's handlers, or why it did not answer",
    additionalProperties: {
      oneOf: [
        { type: 'array', items: { $ref: getSchemaPath(RouteMetricsResponse) } },
        { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      ],
    },
  })
  services: Record<string, RouteMetricsResponse[] | { error: string }>;
  @ApiProperty({ type: RateLimitCountsResponse, description: 'Rate-limit decisions of this replica' })
  rate_limits: RateLimitCountsResponse;
}

export class ActiveModelsResponse {
  @ApiProperty({ type: [ModelVersionResponse], description: 'The active version of each kind' })
  models: ModelVersionResponse[];
}

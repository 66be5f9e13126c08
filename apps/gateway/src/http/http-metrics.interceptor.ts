import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { httpRequestIdOf, LatencyMetrics } from '@app/common';

/** Records latency and outcome per route pattern (e.g. `GET /api/v1/users/:user_id`). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LatencyMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const started = performance.now();
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    // On 'finish' the final status is known, including one set by the error filter.
    reply.raw.once('finish', () =>
      this.metrics.observe(route, performance.now() - started, reply.statusCode < 500, httpRequestIdOf(reply)),
    );
    return next.handle();
  }
}

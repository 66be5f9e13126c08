import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { httpRequestIdOf, LatencyMetrics } from '@app/common';

/** Records latency and outcome per route pattern (e.g. `GET /api/v1/users/:user_id`). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LatencyMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const started = performance.now();
    const route = `${req.method} ${req.route?.path ?? req.path}`;
    // On 'finish' the final status is known, including one set by the error filter.
    res.once('finish', () =>
      this.metrics.observe(route, performance.now() - started, res.statusCode < 500, httpRequestIdOf(res)),
    );
    return next.handle();
  }
}

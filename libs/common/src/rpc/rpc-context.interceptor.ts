import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId, runWithRequestId } from '../logging/request-context';
import type { LatencyMetrics } from '../metrics/latency-metrics';

/**
 * For every NATS handler: adopt the caller's request id (so logs line up across services) and
 * record latency per subject.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LatencyMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const subject = nats.getSubject();
    const requestId = acceptRequestId(nats.getHeaders()?.get(REQUEST_ID_HEADER));
    const started = performance.now();
    // Subscribing inside run() makes the handler (invoked lazily on subscribe) see the context.
    return new Observable((subscriber) =>
      runWithRequestId(requestId, () =>
        next
          .handle()
          .pipe(
            tap({
              next: () => this.metrics.observe(subject, performance.now() - started, true),
              error: () => this.metrics.observe(subject, performance.now() - started, false),
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}

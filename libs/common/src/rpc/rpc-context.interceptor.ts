import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { ErrorCode, REQUEST_ID_HEADER } from '@app/contracts';

const EXPECTED_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal && c !== ErrorCode.ServiceUnavailable));
import { acceptRequestId, runWithRequestId } from '../logging/request-context';
import type { LatencyMetrics } from '../metrics/latency-metrics';

/**
 * For every NATS handler: adopt the caller's request id (so logs line up across services) and
 * record latency per subject.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

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
              next: () => this.done(subject, started, 'ok'),
              error: (err: { code?: string }) => this.done(subject, started, err?.code ?? 'error'),
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }

  /** Records the latency, and writes an access log line (debug level: one per request). */
  private done(subject: string, started: number, outcome: string): void {
    const ms = performance.now() - started;
    // Expected domain failures (NOT_FOUND, CONFLICT...) are answers; only unexpected ones count as errors.
    this.metrics.observe(subject, ms, outcome === 'ok' || (EXPECTED_CODES.has(outcome)));
    this.logger.debug({ subject, outcome, ms: Math.round(ms * 100) / 100, msg: `${subject} ${outcome}` });
  }
}

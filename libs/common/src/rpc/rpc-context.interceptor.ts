import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type Observable, tap } from 'rxjs';
import { ErrorCode } from '@app/contracts';
import type { LatencyMetrics } from '../metrics/latency-metrics';
import { requestIdOf } from './request-id';

const EXPECTED_CODES = new Set<string>(
  Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal && c !== ErrorCode.ServiceUnavailable),
);

/**
 * For every NATS handler: record latency per subject, and log the request with its id (so logs
 * line up across services).
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(private readonly metrics: LatencyMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const subject = nats.getSubject();
    const requestId = requestIdOf(nats);
    const started = performance.now();
    return next.handle().pipe(
      tap({
        next: () => this.done(subject, requestId, started, 'ok'),
        error: (err: { code?: string }) => this.done(subject, requestId, started, err?.code ?? 'error'),
      }),
    );
  }

  /** Records the latency, and writes an access log line (debug level: one per request). */
  private done(subject: string, requestId: string, started: number, outcome: string): void {
    const ms = performance.now() - started;
    // Expected domain failures (NOT_FOUND, CONFLICT...) are answers; only unexpected ones count as errors.
    this.metrics.observe(subject, ms, outcome === 'ok' || EXPECTED_CODES.has(outcome), requestId);
    this.logger.debug({
      subject,
      outcome,
      ms: Math.round(ms * 100) / 100,
      request_id: requestId,
      msg: `${subject} ${outcome}`,
    });
  }
}

import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import type { NatsContext } from '@nestjs/microservices';
import { DomainError, ErrorCode, type ErrorPayload, isErrorPayload } from '@app/contracts';
import { requestIdOf } from './request-id';

/**
 * Turns whatever a handler throws into an ErrorPayload that crosses NATS intact. Domain errors
 * keep their code; anything else is logged with its stack here and leaves as a bare INTERNAL.
 */
@Catch()
export class DomainErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    if (isErrorPayload(exception)) return throwError(() => exception);
    const err = exception as Error;
    const requestId = host.getType() === 'rpc' ? requestIdOf(host.switchToRpc().getContext<NatsContext>()) : undefined;
    this.logger.error({ msg: err?.message ?? String(exception), stack: err?.stack, request_id: requestId });
    return throwError(() => ({ code: ErrorCode.Internal, message: 'internal error' }) satisfies ErrorPayload);
  }
}

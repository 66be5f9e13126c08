import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { DomainError, ErrorCode, type ErrorPayload, isErrorPayload } from '@app/contracts';

/**
 * Turns whatever a handler throws into an ErrorPayload that crosses NATS intact. Domain errors
 * keep their code; anything else is logged with its stack here and leaves as a bare INTERNAL.
 */
@Catch()
export class DomainErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(exception: unknown, _host: ArgumentsHost): Observable<ErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    if (isErrorPayload(exception)) return throwError(() => exception);
    const err = exception as Error;
    this.logger.error(err?.message ?? String(exception), err?.stack);
    return throwError(() => ({ code: ErrorCode.Internal, message: 'internal error' }) satisfies ErrorPayload);
  }
}

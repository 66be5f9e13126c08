import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, type FieldError } from '@app/contracts';
import { currentRequestId } from '@app/common';
import { errorCodeOfStatus, httpStatusOf } from './error-status';

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: ErrorCode;
  message: string;
  details?: FieldError[];
  request_id?: string;
}

/**
 * Renders every failure as an ErrorBody. Domain errors (from services over NATS) keep their code
 * and message; unknown failures become a 500 with only the request id, never internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    body.request_id = currentRequestId();
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: httpStatusOf(exception.code), error: exception.code, message: exception.message };
      if (exception.details) body.details = exception.details;
      return body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse() as string | { message?: string | string[]; details?: FieldError[]; error?: ErrorCode };
      const raw = typeof res === 'string' ? res : res.message;
      const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? exception.message);
      const body: ErrorBody = { statusCode: status, error: typeof res === 'object' && res.error && Object.values(ErrorCode).includes(res.error) ? res.error : errorCodeOfStatus(status), message };
      if (typeof res === 'object' && res.details) body.details = res.details;
      if (status >= 500) body.message = 'internal error';
      return body;
    }
    return { statusCode: 500, error: ErrorCode.Internal, message: 'internal error' };
  }
}

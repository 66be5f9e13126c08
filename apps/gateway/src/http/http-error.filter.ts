import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, ErrorCode, type FieldError } from '@app/contracts';
import { httpRequestIdOf } from '@app/common';
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
 * and message; unknown failures become a 500 with only the request id, never internals. It
 * answers through Nest's HTTP adapter, whichever HTTP platform is under it.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ getHeader(name: string): unknown }>();
    const http = this.adapterHost.httpAdapter;
    if (isHealthReport(exception)) {
      // Terminus' 503 carries the per-dependency report: operators need it as it is.
      http.reply(response, exception.getResponse(), exception.getStatus());
      return;
    }
    const body = toBody(exception);
    body.request_id = httpRequestIdOf(response);
    if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : null;
      this.logger.error({ msg: err?.message ?? String(exception), stack: err?.stack, request_id: body.request_id });
    }
    http.reply(response, body, body.statusCode);
  }
}

/** The ErrorBody of any failure (the request id is added by the filter). */
function toBody(exception: unknown): ErrorBody {
  // Fastify's own body errors arrive wrapped by Nest's adapter (the original is the cause).
  const parser = bodyParserError(exception instanceof HttpException ? (exception.cause ?? exception) : exception);
  if (parser) return parser;
  if (exception instanceof DomainError) {
    const body: ErrorBody = {
      statusCode: httpStatusOf(exception.code),
      error: exception.code,
      message: exception.message,
    };
    if (exception.details) body.details = exception.details;
    return body;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse() as
      string | { message?: string | string[]; details?: FieldError[]; error?: ErrorCode };
    const raw = typeof res === 'string' ? res : res.message;
    const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? exception.message);
    const body: ErrorBody = {
      statusCode: status,
      error:
        typeof res === 'object' && res.error && Object.values(ErrorCode).includes(res.error)
          ? res.error
          : errorCodeOfStatus(status),
      message,
    };
    if (typeof res === 'object' && res.details) body.details = res.details;
    if (status >= 500) body.message = 'internal error';
    return body;
  }
  return { statusCode: 500, error: ErrorCode.Internal, message: 'internal error' };
}

/**
 * The body errors Fastify raises itself, before the gateway's JSON parser (json-body.ts) runs,
 * as the body parser's types: a body over the limit, a body shorter or longer than announced.
 */
const FASTIFY_BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'entity.too.large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.size.invalid',
};

/** Errors raised while reading the body, before any handler runs (they carry an http status). */
function bodyParserError(exception: unknown): ErrorBody | null {
  const f = exception as { code?: string; statusCode?: number; message?: string };
  const e =
    typeof f?.code === 'string' && FASTIFY_BODY_ERRORS[f.code]
      ? { type: FASTIFY_BODY_ERRORS[f.code], status: f.statusCode, message: f.message }
      : (exception as { type?: string; status?: number; message?: string });
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return null;
  const reason =
    e.type === 'entity.parse.failed'
      ? `request body is not valid JSON (${e.message})`
      : e.type === 'entity.too.large'
        ? 'request body is too large (at most 1 MB)'
        : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
          ? 'unsupported body encoding'
          : (e.message ?? 'malformed request body');
  return {
    statusCode: e.status,
    error: errorCodeOfStatus(e.status),
    message: `body: ${reason}`,
    details: [{ field: 'body', reasons: [reason] }],
  };
}

/** A failed Terminus health check (its body lists what is down). */
function isHealthReport(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return false;
  const res = exception.getResponse() as Record<string, unknown>;
  return typeof res === 'object' && res !== null && 'details' in res && res.status === 'error';
}

/**
 * Error codes that cross service boundaries. WARNING: these strings are a wire contract
 * (they travel over NATS and appear in HTTP error bodies); never rename one.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** One problem with one input field, as reported to clients. */
export interface FieldError {
  field: string;
  reasons: string[];
}

/** The serialisable form of a domain error, as carried over NATS. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: FieldError[];
}

/** An expected failure of a use-case, with a code the gateway maps to an HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): ErrorPayload {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static notFound(what: string, id: number | string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} ${id} not found`);
  }

  static invalid(field: string, reason: string): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, `${field}: ${reason}`, [{ field, reasons: [reason] }]);
  }
}

const CODES = new Set<string>(Object.values(ErrorCode));

/** True when `value` is an ErrorPayload (e.g. an error object received from NATS). */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    CODES.has((value as ErrorPayload).code) &&
    typeof (value as ErrorPayload).message === 'string'
  );
}

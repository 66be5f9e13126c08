/**
 * The API's errors, typed. openapi-fetch hands every call back as `{ data }` or `{ error }`, the
 * error typed as the operation's documented error body; `ok()` turns that into the value or a
 * thrown RecsysApiError, for callers that would rather not branch on each call.
 */
import type { components } from './schema';

/** The gateway's error body: the same shape for every 4xx and 5xx. */
export type ApiErrorBody = components['schemas']['ErrorResponse'];
/** Its machine-readable code (`VALIDATION_FAILED`, `NOT_FOUND`, `RATE_LIMITED`, ...). */
export type ApiErrorCode = ApiErrorBody['error'];

export class RecsysApiError extends Error {
  override readonly name = 'RecsysApiError';

  constructor(
    readonly status: number,
    /** The error body, when the answer had one in the gateway's shape. */
    readonly body: ApiErrorBody | null,
  ) {
    super(body ? `${status} ${body.error}: ${body.message}` : `HTTP ${status}`);
  }

  get code(): ApiErrorCode | null {
    return this.body?.error ?? null;
  }

  /** The request id the gateway logged the failure under (give it to whoever runs the gateway). */
  get requestId(): string | null {
    return this.body?.request_id ?? null;
  }

  /** The reasons given for `field`, for a VALIDATION_FAILED answer. */
  reasonsFor(field: string): string[] {
    return this.body?.details?.find((d) => d.field === field)?.reasons ?? [];
  }
}

/** The value of a call, or a RecsysApiError with its status and error body. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new RecsysApiError(response.status, isErrorBody(error) ? error : null);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const v = value as Partial<ApiErrorBody> | null;
  return typeof v === 'object' && v !== null && typeof v.error === 'string' && typeof v.message === 'string';
}

/**
 * What a failed NATS request means to the caller, as a DomainError. Pure (no Nest), so every
 * case is unit-tested.
 */
import { errors as natsErrors } from '@nats-io/nats-core';
import { TimeoutError } from 'rxjs';
import { DomainError, ErrorCode, isErrorPayload } from '@app/contracts';

/**
 * The transport's ways of saying "no instance of that service is there": NATS's no-responders
 * status, Nest's "Empty response. There are no subscribers listening to that message" and "no
 * matching message handler", and connection losses. A caller must see 503 for these, never 500.
 */
const UNAVAILABLE =
  /no responders|no subscribers|503|no matching message handler|CONNECTION_REFUSED|connection refused|closed|disconnect|draining/i;

/** The error to raise for `err`, and whether it was unexpected (worth an error log line). */
export function rpcFailure(subject: string, err: unknown): { error: DomainError; unexpected: boolean } {
  if (err instanceof DomainError) return { error: err, unexpected: false };
  if (isErrorPayload(err)) return { error: new DomainError(err.code, err.message, err.details), unexpected: false };
  if (err instanceof TimeoutError || err instanceof natsErrors.TimeoutError)
    return {
      error: new DomainError(ErrorCode.ServiceUnavailable, `no reply on ${subject} within the timeout`),
      unexpected: false,
    };
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof natsErrors.ConnectionError || UNAVAILABLE.test(message))
    return {
      error: new DomainError(ErrorCode.ServiceUnavailable, `service for ${subject} is unavailable`),
      unexpected: false,
    };
  return { error: new DomainError(ErrorCode.Internal, 'internal error'), unexpected: true };
}

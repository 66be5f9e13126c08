import type { NatsContext } from '@nestjs/microservices';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId } from '../logging/request-context';

/** The response header the gateway's request-context middleware sets on every HTTP request. */
export const HTTP_REQUEST_ID_HEADER = 'X-Request-Id';

/** The id the gateway's request-context middleware gave an HTTP request (its response header), if any. */
export function httpRequestIdOf(res: { getHeader(name: string): unknown }): string | undefined {
  const id = res.getHeader(HTTP_REQUEST_ID_HEADER);
  return typeof id === 'string' ? id : undefined;
}

/** What requestIdOf reads of a NATS message's context. */
type MessageHeaders = Pick<NatsContext, 'getHeaders'>;

/** One id per message: a message that came without one gets the same fresh id wherever it is asked. */
const idsOfMessages = new WeakMap<MessageHeaders, string>();

/** The request id a NATS request carries (its caller's), or a fresh one, the same for every ask. */
export function requestIdOf(nats: MessageHeaders): string {
  let id = idsOfMessages.get(nats);
  if (id === undefined) {
    id = acceptRequestId(nats.getHeaders()?.get(REQUEST_ID_HEADER));
    idsOfMessages.set(nats, id);
  }
  return id;
}

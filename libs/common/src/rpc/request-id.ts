import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { REQUEST_ID_HEADER } from '@app/contracts';
import { acceptRequestId } from '../logging/request-context';

/** One id per message: a message that came without one gets the same fresh id wherever it is asked. */
const idsOfMessages = new WeakMap<NatsContext, string>();

/** The request id a NATS request carries (its caller's), or a fresh one. */
export function requestIdOf(nats: NatsContext): string {
  let id = idsOfMessages.get(nats);
  if (id === undefined) {
    id = acceptRequestId(nats.getHeaders()?.get(REQUEST_ID_HEADER));
    idsOfMessages.set(nats, id);
  }
  return id;
}

/** The response header the gateway's request-context middleware sets on every HTTP request. */
export const HTTP_REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * The current request's id, as a handler parameter: from the NATS header in a service, from the
 * gateway's request-context middleware over HTTP. Hand it on explicitly (see request-context.ts).
 */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  if (ctx.getType() === 'rpc') return requestIdOf(ctx.switchToRpc().getContext<NatsContext>());
  const res = ctx.switchToHttp().getResponse<{ getHeader(name: string): unknown }>();
  return acceptRequestId(res.getHeader(HTTP_REQUEST_ID_HEADER));
});

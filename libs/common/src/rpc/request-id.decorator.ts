import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { acceptRequestId } from '../logging/request-context';
import { httpRequestIdOf, requestIdOf } from './request-id';

/**
 * The current request's id, as a handler parameter: from the NATS header in a service, from the
 * gateway's request-context middleware over HTTP. Hand it on explicitly (see request-context.ts).
 */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  if (ctx.getType() === 'rpc') return requestIdOf(ctx.switchToRpc().getContext<NatsContext>());
  return acceptRequestId(httpRequestIdOf(ctx.switchToHttp().getResponse()));
});

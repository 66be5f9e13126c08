import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { acceptRequestId, httpRequestIdOf } from '@app/common';
import type { Principal } from './principal';

/**
 * Who is calling and for which request: the verified principal and the request id. Handed to
 * every RPC as it is (`rpc.send(subject, payload, caller)`), so the services receive the request
 * id and the caller's role, by which they decide what to disclose (SECURITY.md).
 */
export interface Caller extends Principal {
  requestId: string;
}

/** Injects the caller: the authenticated principal with the request's id. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const http = ctx.switchToHttp();
  const principal: Principal = http.getRequest().principal;
  return { ...principal, requestId: acceptRequestId(httpRequestIdOf(http.getResponse())) };
});

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { CALLER_ROLE_HEADER, type CallerRole } from '@app/contracts';

/** The caller's role a NATS request carries; anything but `admin` (a missing header included) is a user. */
export function callerRoleOf(nats: Pick<NatsContext, 'getHeaders'>): CallerRole {
  return nats.getHeaders()?.get(CALLER_ROLE_HEADER) === 'admin' ? 'admin' : 'user';
}

/** The caller's role, as a NATS handler parameter: services shape what they disclose by it. */
export const CallerRoleOf = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerRole =>
  callerRoleOf(ctx.switchToRpc().getContext<NatsContext>()),
);

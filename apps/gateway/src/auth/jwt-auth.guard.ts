import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthFailureLimiter, clientAddress } from '../rate-limits/auth-failures';
import { ADMIN_ONLY, IS_PUBLIC } from './principal';
import { TokenVerifier } from './token-verifier';

/**
 * Every route needs a valid bearer token unless marked @Public(); @AdminOnly() needs role admin.
 * A refused token counts against its address (AuthFailureLimiter).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenVerifier,
    private readonly reflector: Reflector,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const check = await this.tokens.check(request);
    if (check.failure !== undefined) {
      await this.failures.recordFailure(clientAddress(request));
      throw new UnauthorizedException(check.failure);
    }
    request.principal = check.principal;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && check.principal.role !== 'admin') {
      throw new ForbiddenException('this operation needs the admin role');
    }
    return true;
  }
}

import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ADMIN_ONLY, IS_PUBLIC, type Principal } from './principal';

interface TokenClaims {
  sub?: unknown;
  role?: unknown;
}

/** Every route needs a valid HS256 bearer token unless marked @Public(); @AdminOnly() needs role admin. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('missing bearer token: send "Authorization: Bearer <jwt>"');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch (err) {
      throw new UnauthorizedException(`invalid token: ${(err as Error).message}`);
    }
    const principal = toPrincipal(claims);
    request.principal = principal;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && principal.role !== 'admin') {
      throw new ForbiddenException('this operation needs the admin role');
    }
    return true;
  }
}

function toPrincipal(claims: TokenClaims): Principal {
  const role = claims.role ?? 'user';
  if (role !== 'user' && role !== 'admin')
    throw new UnauthorizedException('invalid token: role must be "user" or "admin"');
  const sub = typeof claims.sub === 'string' ? Number(claims.sub) : claims.sub;
  if (typeof sub !== 'number' || !Number.isInteger(sub) || sub < 1) {
    if (role === 'admin') return { userId: 0, role };
    throw new UnauthorizedException('invalid token: sub must be a user id');
  }
  return { userId: sub, role };
}

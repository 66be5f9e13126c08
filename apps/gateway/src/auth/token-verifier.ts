import type { IncomingHttpHeaders } from 'node:http';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { GatewayConfig } from '../gateway.config';
import type { Principal } from './principal';
import { lifetimeProblem, principalOf, type TokenClaims } from './token-claims';

/** A request's bearer token, checked: who it names, or why it is refused (the 401's message). */
export type TokenCheck = { principal: Principal; failure?: undefined } | { principal?: undefined; failure: string };

const CHECKED = Symbol('token-check');
type CheckedRequest = { headers: IncomingHttpHeaders; [CHECKED]?: Promise<TokenCheck> };

/**
 * Verifies bearer tokens: the signature with the configured key and algorithm (JwtModule), `nbf`,
 * `exp`, `iss` and `aud` when configured (jsonwebtoken), then the gateway's own rules: `exp`
 * required, a lifetime of at most JWT_MAX_TTL_SECONDS, a role, and a canonical user id as `sub`.
 */
@Injectable()
export class TokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: GatewayConfig,
  ) {}

  /** The request's token, checked once however many times it is asked (before the body is read, then by the guard). */
  check(request: object): Promise<TokenCheck> {
    const req = request as CheckedRequest;
    return (req[CHECKED] ??= this.verify(req.headers.authorization));
  }

  async verify(authorization: string | undefined): Promise<TokenCheck> {
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match) return { failure: 'missing bearer token: send "Authorization: Bearer <jwt>"' };
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]);
    } catch (err) {
      return { failure: `invalid token: ${(err as Error).message}` };
    }
    const problem = lifetimeProblem(claims, this.config.JWT_MAX_TTL_SECONDS, Math.floor(Date.now() / 1000));
    if (problem) return { failure: `invalid token: ${problem}` };
    const principal = principalOf(claims);
    return typeof principal === 'string' ? { failure: `invalid token: ${principal}` } : { principal };
  }
}

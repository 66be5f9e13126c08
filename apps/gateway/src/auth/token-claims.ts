import { MAX_USER_ID } from '@app/contracts';
import type { Principal } from './principal';

/** The claims the gateway reads from a token whose signature, `nbf`, `exp`, `iss` and `aud` were verified. */
export interface TokenClaims {
  sub?: unknown;
  role?: unknown;
  exp?: unknown;
  iat?: unknown;
}

/** How far a token's `exp` may lie beyond the longest lifetime, for the issuer's clock running ahead of ours. */
export const CLOCK_SKEW_SECONDS = 60;

/** A user id as a token's `sub` carries it: canonical decimal (a string "16" or a number 16), 1 to MAX_USER_ID. */
export function parseUserId(sub: unknown): number | null {
  if (typeof sub === 'string') {
    // No sign, leading zero, space, exponent, fraction or hex: one spelling per id, so a log line,
    // a rate-limit key and the id the services see can never disagree.
    if (!/^[1-9][0-9]{0,9}$/.test(sub)) return null;
    const id = Number(sub);
    return id <= MAX_USER_ID ? id : null;
  }
  if (typeof sub === 'number') return Number.isInteger(sub) && sub >= 1 && sub <= MAX_USER_ID ? sub : null;
  return null;
}

/**
 * `exp` is required, and a token may live at most `maxTtlSeconds`: `exp - iat`, or `exp - now`
 * without `iat`. `exp` may also lie no further than that (plus clock skew) from now, so an `iat`
 * in the future cannot stretch a token's life. Returns why the token is refused, or null.
 */
export function lifetimeProblem(claims: TokenClaims, maxTtlSeconds: number, nowSeconds: number): string | null {
  if (claims.exp === undefined) return 'the token has no exp: every token must expire';
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return 'exp must be a number (seconds)';
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)))
    return 'iat must be a number (seconds)';
  const lifetime = claims.iat !== undefined ? claims.exp - claims.iat : claims.exp - nowSeconds;
  const tooLong = `the token lives longer than the ${maxTtlSeconds} s this API accepts`;
  if (lifetime > maxTtlSeconds) return tooLong;
  if (claims.exp - nowSeconds > maxTtlSeconds + CLOCK_SKEW_SECONDS) return tooLong;
  return null;
}

/**
 * Who the verified claims name. A user token's `sub` is the user id; an admin token (the app's
 * backend) may carry any string or number `sub`, or none, and is rate-limited by it.
 */
export function principalOf(claims: TokenClaims): Principal | string {
  const role = claims.role ?? 'user';
  if (role !== 'user' && role !== 'admin') return 'role must be "user" or "admin"';
  const userId = parseUserId(claims.sub);
  if (role === 'user') {
    if (userId === null)
      return `sub must be a user id: a decimal integer from 1 to ${MAX_USER_ID}, without sign, leading zeros, spaces, exponent or fraction`;
    return { userId, role, subject: String(userId) };
  }
  if (claims.sub === undefined) return { userId: 0, role, subject: '' };
  if (typeof claims.sub !== 'string' && typeof claims.sub !== 'number') return 'sub must be a string';
  return { userId: userId ?? 0, role, subject: String(claims.sub) };
}

import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { ErrorCode } from '@app/contracts';
import { RedisClient, redisNamespace } from '@app/common';
import { TokenVerifier } from '../auth/token-verifier';
import { GatewayConfig } from '../gateway.config';
import { RateLimitMetrics } from './rate-limit-metrics';

/** The window failed authentications are counted in (AUTH_FAILURES_PER_MINUTE). */
const WINDOW_MS = 60_000;
/** Addresses remembered as refused in this process (so a flood of them costs no Redis round trip). */
const MAX_REMEMBERED = 10_000;

/** KEYS: the address's counter. ARGV: window ms. Counts one failure; the window starts at the first. */
const RECORD_LUA = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { n, ttl }
`;

/** KEYS: the address's counter. ARGV: the limit. The ms until the address may try again, 0 if it may now. */
const BLOCKED_LUA = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < tonumber(ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return 0 end
return ttl
`;

interface AuthFailureCommands {
  authFailureRecord(key: string, windowMs: number): Promise<[number, number]>;
  authFailureBlocked(key: string, limit: number): Promise<number>;
}

/** The caller's address as the rate limiters key it (req.ip behind the trusted proxy; an IPv6 address's /64). */
export function clientAddress(req: { ip?: string }): string {
  return typeof req.ip === 'string' && req.ip ? normalizeIp(req.ip) : 'unknown';
}

/**
 * Failed authentications per client address, counted in Redis so every gateway replica sees
 * them: after AUTH_FAILURES_PER_MINUTE failures within a minute, the address's requests that do
 * not carry a valid token are refused (429, Retry-After) until the minute is over, before their
 * body is read (authFailureRefusal). A request with a valid token always passes: a user
 * behind the same address is not locked out by someone else's failures. Redis not answering:
 * nothing is counted or refused (fail open), counted and logged by RateLimitMetrics.
 */
@Injectable()
export class AuthFailureLimiter {
  readonly limit: number;
  private readonly redis: Redis & AuthFailureCommands;
  private readonly namespace: string;
  /** Address → until when (ms) it is known to be refused. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    config: GatewayConfig,
    redis: RedisClient,
    readonly metrics: RateLimitMetrics,
  ) {
    this.limit = config.AUTH_FAILURES_PER_MINUTE;
    this.namespace = redisNamespace(config.DATABASE_URL);
    this.redis = redis.redis as Redis & AuthFailureCommands;
    this.redis.defineCommand('authFailureRecord', { numberOfKeys: 1, lua: RECORD_LUA });
    this.redis.defineCommand('authFailureBlocked', { numberOfKeys: 1, lua: BLOCKED_LUA });
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Counts a failed authentication from `address`. */
  async recordFailure(address: string): Promise<void> {
    if (!this.enabled) return;
    try {
      const [failures, ttl] = await this.redis.authFailureRecord(this.keyOf(address), WINDOW_MS);
      if (failures >= this.limit) this.remember(address, Date.now() + ttl);
    } catch (err) {
      this.metrics.failedOpen('auth_failures', err);
    }
  }

  /** How long `address` must wait before it may try to authenticate again (0: it may now). */
  async refusedForMs(address: string): Promise<number> {
    const now = Date.now();
    const until = this.refusedUntil.get(address);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.refusedUntil.delete(address);
    }
    try {
      const ms = await this.redis.authFailureBlocked(this.keyOf(address), this.limit);
      if (ms > 0) this.remember(address, now + ms);
      return ms;
    } catch (err) {
      this.metrics.failedOpen('auth_failures', err);
      return 0;
    }
  }

  private keyOf(address: string): string {
    return `${this.namespace}authfail:{${address}}`;
  }

  private remember(address: string, until: number): void {
    if (this.refusedUntil.size >= MAX_REMEMBERED) {
      const now = Date.now();
      for (const [a, u] of this.refusedUntil) if (u <= now) this.refusedUntil.delete(a);
      if (this.refusedUntil.size >= MAX_REMEMBERED) this.refusedUntil.clear();
    }
    this.refusedUntil.set(address, until);
  }
}

/**
 * Checked before the body is read (prepareFastify): a request without a valid token (checked from
 * its header, once; the guard reuses the result) from an address over its failed-authentication
 * limit is refused with 429 and Retry-After, its body never read, and the connection closed
 * rather than drained. Everything else goes on to the parser and the guards.
 */
export async function authFailureRefusal(
  req: { headers: object; ip?: string },
  limiter: AuthFailureLimiter,
  tokens: TokenVerifier,
): Promise<{ retryAfter: number; error: HttpException } | null> {
  if ((await tokens.check(req)).failure === undefined) return null;
  const ms = await limiter.refusedForMs(clientAddress(req));
  if (ms <= 0) return null;
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  limiter.metrics.refused('auth_failures');
  const error = new HttpException(
    {
      error: ErrorCode.RateLimited,
      message: `too many failed authentications from this address; retry after ${retryAfter} s`,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
  return { retryAfter, error };
}

import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';

/** Readable subjects go into keys as they are; anything else (braces, spaces, very long) as a hash. */
const PLAIN_SUBJECT = /^[A-Za-z0-9._@:/+-]{1,128}$/;

/**
 * Whose budget a request draws on: `user:<id>`, `admin:<sub>` (each admin subject its own), or
 * `ip:<address>` before authentication (public routes). `address` is already normalised (an
 * IPv6 address to its /64).
 */
export function trackerOf(principal: Principal | undefined, address: string | undefined): string {
  if (!principal) return `ip:${address ?? 'unknown'}`;
  if (principal.role === 'user') return `user:${principal.userId}`;
  const subject = principal.subject;
  if (PLAIN_SUBJECT.test(subject) || subject === '') return `admin:${subject}`;
  return `admin:sha256:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
}

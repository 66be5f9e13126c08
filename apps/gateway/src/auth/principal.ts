import { ForbiddenException, SetMetadata } from '@nestjs/common';
import type { CallerRole } from '@app/contracts';

export type Role = CallerRole;

/** Who is calling, from the verified bearer token. */
export interface Principal {
  /** The user id (0 for an admin token whose `sub` is not one). */
  userId: number;
  role: Role;
  /** The token's `sub` as a string ('' for an admin token without one): the rate limiter's key. */
  subject: string;
}

export const IS_PUBLIC = 'auth:public';
export const ADMIN_ONLY = 'auth:admin-only';

/** The route needs no token (health endpoints). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The route is for the app's backend only (role `admin`). */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** A user acts only as themselves; an admin may act for anyone. */
export function assertSelfOrAdmin(principal: Principal, userId: number): void {
  if (principal.role !== 'admin' && principal.userId !== userId) {
    throw new ForbiddenException(
      `you may only access your own data (token subject ${principal.userId}, requested user ${userId})`,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits per authenticated user (per address before authentication or for public routes). */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.principal as { userId: number; role: string } | undefined;
    return principal ? `${principal.role}:${principal.userId}` : `ip:${String(req.ip)}`;
  }
}

/** The bench's calls to the gateway: bearer tokens signed like `npm run token`, and the typed client. */
import { JwtService } from '@nestjs/jwt';
import { createRecsysClient, type RecsysClient, type RetryPolicy } from '@app/client';

/**
 * Signs bearer tokens as tools/token/token.ts does (HS256, `{sub, role}`), in-process: the bench
 * needs thousands, one per viewer, and the token tool prints one per process start.
 */
export class Tokens {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    this.jwt = new JwtService({ secret });
  }

  /** A token for user `sub` acting as themselves, or for the app's backend (admin). */
  sign(sub: number | string, role: 'user' | 'admin' = 'user'): string {
    // Long enough for the longest bench; the stack's secret dies with the run anyway.
    return this.jwt.sign({ sub: String(sub), role }, { algorithm: 'HS256', expiresIn: '6h' });
  }
}

/**
 * The typed client (libs/client) on the gateway at `base`, as `token` (none: the health
 * endpoints). It retries as an integrator's would (429, 503, a connection closed as it was
 * reused), unless `retry` says otherwise.
 */
export function gatewayClient(base: string, token?: string, retry?: Partial<RetryPolicy>): RecsysClient {
  return createRecsysClient({ baseUrl: base, token, retry });
}

/** The gateway path of a viewer's recommendation page (apps/gateway/src/recommendations). */
export function recommendationsPath(viewer: number, limit = 20): string {
  return `/api/v1/recommendations/users/${viewer}/recommendations?limit=${limit}`;
}

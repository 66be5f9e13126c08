/** The bench's calls to the gateway: bearer tokens signed like `npm run token`, JSON in and out. */
import { JwtService } from '@nestjs/jwt';

export interface Reply<T> {
  status: number;
  body: T;
}

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

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, init);
  } catch (err) {
    // fetch keeps connections alive between calls; one idle past the server's keep-alive timeout
    // (Node's 5 s) can be closed by the server just as it is reused, before the request was read
    // ("other side closed"). Once, on a fresh connection, the call goes through.
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    res = await fetch(`${base}${path}`, init);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (should not happen): the caller reports the text with the status.
  }
  return { status: res.status, body: parsed as T };
}

/** The gateway path of a viewer's recommendation page (apps/gateway/src/recommendations). */
export function recommendationsPath(viewer: number, limit = 20): string {
  return `/api/v1/recommendations/users/${viewer}/recommendations?limit=${limit}`;
}

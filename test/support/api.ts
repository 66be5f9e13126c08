import { sign } from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './infra';

// Tests sign with jsonwebtoken directly: jest runs CommonJS and NestJS 12 packages are ES modules.

/** A bearer token for user `sub` (or the admin backend). */
export function tokenFor(sub: number | string, role: 'user' | 'admin' = 'user', secret = TEST_JWT_SECRET): string {
  return sign({ sub: String(sub), role }, secret, { algorithm: 'HS256', expiresIn: '1h' });
}

export const ADMIN = () => tokenFor('backend', 'admin');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call to the gateway under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function api<T = any>(
  method: string,
  path: string,
  options: {
    token?: string | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    base?: string;
  } = {},
): Promise<ApiResponse<T>> {
  const base = options.base ?? process.env.E2E_BASE_URL;
  if (!base) throw new Error('E2E_BASE_URL is not set: run through the e2e jest project');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? ADMIN()}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Creates a user as admin and returns it (fails the test on any other status). */
export async function createUser(
  overrides: Record<string, unknown> = {},
): Promise<{ id: number; [k: string]: unknown }> {
  const res = await api('POST', '/api/v1/users/', {
    body: { name: 'Test', age: 30, gender: 'female', location: 'Berlin', interests: ['hiking'], ...overrides },
  });
  if (res.status !== 201) throw new Error(`createUser: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

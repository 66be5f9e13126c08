import { sign } from 'jsonwebtoken';
import { TEST_JWT_SECRET, waitFor } from './infra';

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

/**
 * Creates a user as admin and returns it (fails the test on any other status); `base`: another
 * gateway than the stack's.
 */
export async function createUser(
  overrides: Record<string, unknown> = {},
  { base }: { base?: string } = {},
): Promise<{ id: number; [k: string]: unknown }> {
  const res = await api('POST', '/api/v1/users/', {
    base,
    body: { name: 'Test', age: 30, gender: 'female', location: 'Berlin', interests: ['hiking'], ...overrides },
  });
  if (res.status !== 201) throw new Error(`createUser: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A training job as `GET /recommendations/jobs/{id}` shows it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary job results
export interface TrainingJobView<R = any> {
  state: string;
  result: R;
}

/** Enqueues a full retrain as admin on the gateway at `base` (the e2e stack's by default); waits for the job to end. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function retrain<R = any>(reason: string, base?: string): Promise<TrainingJobView<R>> {
  const refresh = await api('POST', '/api/v1/recommendations/refresh', { body: { reason }, base });
  if (refresh.status !== 202) throw new Error(`refresh: ${refresh.status} ${JSON.stringify(refresh.body)}`);
  let job: TrainingJobView<R> = { state: 'waiting', result: null as R };
  await waitFor(
    async () => {
      job = (await api('GET', `/api/v1/recommendations/jobs/${refresh.body.job_id}`, { base })).body;
      if (job.state !== 'completed' && job.state !== 'failed') throw new Error(`job ${job.state}`);
    },
    150_000,
    'the retrain job',
  );
  return job;
}

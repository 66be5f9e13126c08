import { sign } from 'jsonwebtoken';
import { createRecsysClient, ok, type RecsysClient, type RecsysClientOptions, type Schemas } from '@app/client';
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

/**
 * The typed client (libs/client) on the gateway under test, as admin unless given a token. Retries
 * are off unless asked for: a test must see the gateway's first answer, not a later one.
 */
export function apiClient(
  token: string = ADMIN(),
  options: { base?: string; retry?: RecsysClientOptions['retry'] } = {},
): RecsysClient {
  const baseUrl = options.base ?? process.env.E2E_BASE_URL;
  if (!baseUrl) throw new Error('E2E_BASE_URL is not set: run through the e2e jest project');
  return createRecsysClient({ baseUrl, token, retry: options.retry ?? { attempts: 1 } });
}

/**
 * One raw HTTP call to the gateway under test: for what the typed client will not send (bad
 * input, bad tokens, raw bodies) and for reading headers.
 */
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
  const body = { name: 'Test', age: 30, gender: 'female', location: 'Berlin', interests: ['hiking'], ...overrides };
  return ok(apiClient(ADMIN(), { base }).POST('/api/v1/users', { body: body as Schemas['CreateUserDto'] }));
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
  const client = apiClient(ADMIN(), { base });
  const { job_id } = await ok(client.POST('/api/v1/recommendations/refresh', { body: { reason } }));
  let job: TrainingJobView<R> = { state: 'waiting', result: null as R };
  await waitFor(
    async () => {
      const path = { job_id };
      job = (await ok(
        client.GET('/api/v1/recommendations/jobs/{job_id}', { params: { path } }),
      )) as unknown as TrainingJobView<R>;
      if (job.state !== 'completed' && job.state !== 'failed') throw new Error(`job ${job.state}`);
    },
    150_000,
    'the retrain job',
  );
  return job;
}

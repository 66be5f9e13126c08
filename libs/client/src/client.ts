/**
 * The typed client of the recommender's HTTP API: openapi-fetch over the types openapi-typescript
 * generates from openapi.json (schema.ts), so every path, parameter, body and answer is checked
 * by the compiler against the API as the gateway documents it. This file adds what every caller
 * would otherwise write: the bearer token, retries on 429 and 503 (retry.ts), and an
 * Idempotency-Key on every swipe so that a retried swipe is never recorded twice.
 */
import { randomUUID } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { DEFAULT_RETRY_POLICY, type Outcome, retryDelay, type RetryPolicy } from './retry';
import type { paths } from './schema';

export type RecsysClient = Client<paths>;

export interface RecsysClientOptions {
  /** The gateway's origin, e.g. `http://localhost:3000` (paths carry `/api/v1`). */
  baseUrl: string;
  /** A bearer JWT, or a function giving the current one (called per request, so it may refresh). */
  token?: string | (() => string | Promise<string>);
  /** Retries on 429 and 503 (`{ attempts: 1 }` turns them off). */
  retry?: Partial<RetryPolicy>;
  /** The fetch to send with (default: the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
}

/** The swipe endpoint, whose POSTs get an Idempotency-Key when the caller gave none. */
const SWIPE_PATH = '/api/v1/interactions';

export function createRecsysClient(options: RecsysClientOptions): RecsysClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: (request) => sendWithRetries(send, request, policy),
  });
  client.use(requestHeaders(options.token));
  return client;
}

/**
 * The bearer token, and a fresh Idempotency-Key on a swipe without one (every retry keeps it:
 * each attempt sends a clone of this request).
 */
function requestHeaders(token: RecsysClientOptions['token']): Middleware {
  return {
    async onRequest({ request }) {
      if (token !== undefined && !request.headers.has('authorization')) {
        const value = typeof token === 'function' ? await token() : token;
        request.headers.set('authorization', `Bearer ${value}`);
      }
      if (request.method === 'POST' && new URL(request.url).pathname === SWIPE_PATH) {
        if (!request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID());
      }
      return request;
    },
  };
}

async function sendWithRetries(
  send: (request: Request) => Promise<Response>,
  request: Request,
  policy: RetryPolicy,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    // A body can be read once: each attempt but the last sends a copy.
    const copy = attempt < policy.attempts ? request.clone() : request;
    let response: Response;
    try {
      response = await send(copy);
    } catch (err) {
      const wait = retryDelay({ failed: true }, request, attempt, policy, Math.random());
      if (wait === null) throw err;
      await sleep(wait);
      continue;
    }
    const outcome: Outcome = { status: response.status, retryAfter: response.headers.get('retry-after') };
    const wait = retryDelay(outcome, request, attempt, policy, Math.random());
    if (wait === null) return response;
    // Let the connection go back to the pool before waiting.
    await response.body?.cancel();
    await sleep(wait);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

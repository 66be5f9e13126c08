/**
 * The client's retries and headers against an HTTP server that answers a script: the failures a
 * real gateway gives only under load or during an outage (429, 503, a dropped connection), on
 * demand. test/e2e/client.e2e-spec.ts drives the same client against the real gateway.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRecsysClient, ok, RecsysApiError } from './index';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

/** A server answering each request with the next scripted answer (the last one repeats). */
async function scriptedServer(script: Answer[]): Promise<{ base: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() });
      const answer = script[Math.min(seen.length - 1, script.length - 1)];
      if (answer === 'drop') return req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const errorBody = (statusCode: number, error: string, message: string) => ({
  statusCode,
  error,
  message,
  request_id: 'req-1',
});
const UNAVAILABLE = { status: 503, body: errorBody(503, 'SERVICE_UNAVAILABLE', 'user-service is unavailable') };
const USER = { id: 7, name: 'Alice' };
const fast = { baseDelayMs: 5, maxDelayMs: 2_000 };

describe('the typed client against a scripted server', () => {
  let servers: Server[] = [];
  const start = async (script: Answer[]) => {
    const s = await scriptedServer(script);
    servers.push(s.server);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    servers = [];
  });

  it('sends the bearer token, asking a token function on every request', async () => {
    const { base, seen } = await start([{ status: 200, body: USER }]);
    let n = 0;
    const client = createRecsysClient({ baseUrl: base, token: () => `t${++n}` });
    await ok(client.GET('/api/v1/users/{user_id}', { params: { path: { user_id: 7 } } }));
    await ok(client.GET('/api/v1/users/{user_id}', { params: { path: { user_id: 7 } } }));
    expect(seen.map((s) => [s.method, s.url, s.headers.authorization])).toEqual([
      ['GET', '/api/v1/users/7', 'Bearer t1'],
      ['GET', '/api/v1/users/7', 'Bearer t2'],
    ]);
  });

  it('retries a read through 503s and a dropped connection, then answers', async () => {
    const { base, seen } = await start([UNAVAILABLE, 'drop', UNAVAILABLE, { status: 200, body: USER }]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: fast });
    await expect(ok(client.GET('/api/v1/users/{user_id}', { params: { path: { user_id: 7 } } }))).resolves.toEqual(
      USER,
    );
    expect(seen).toHaveLength(4);
  });

  it('gives up after its attempts with a typed error naming the code and request id', async () => {
    const { base, seen } = await start([UNAVAILABLE]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: { ...fast, attempts: 3 } });
    const call = client.GET('/api/v1/users/{user_id}', { params: { path: { user_id: 7 } } });
    const error = await ok(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecsysApiError);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', requestId: 'req-1' });
    expect(seen).toHaveLength(3);
  });

  it('does not repeat a POST without an Idempotency-Key on 503: it may have been carried out', async () => {
    const { base, seen } = await start([UNAVAILABLE, { status: 201, body: USER }]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: fast });
    const res = await client.POST('/api/v1/users', { body: { name: 'Alice', age: 30, gender: 'female' } });
    expect(res.response.status).toBe(503);
    expect(res.error?.error).toBe('SERVICE_UNAVAILABLE');
    expect(seen).toHaveLength(1);
  });

  it('gives every swipe an Idempotency-Key and keeps it, with the body, on each retry', async () => {
    const created = { interaction: { id: 1 }, is_match: false };
    const { base, seen } = await start([UNAVAILABLE, 'drop', { status: 201, body: created }]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: fast });
    const swipe = { user_id: 1, target_user_id: 2, interaction_type: 'like' as const };
    await ok(client.POST('/api/v1/interactions', { body: swipe }));
    expect(seen).toHaveLength(3);
    const keys = new Set(seen.map((s) => s.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([swipe, swipe, swipe]);
  });

  it("keeps the caller's own Idempotency-Key", async () => {
    const { base, seen } = await start([{ status: 201, body: {} }]);
    const client = createRecsysClient({ baseUrl: base, token: 't' });
    await client.POST('/api/v1/interactions', {
      body: { user_id: 1, target_user_id: 2, interaction_type: 'dislike' },
      params: { header: { 'Idempotency-Key': 'swipe-42' } },
    });
    expect(seen[0].headers['idempotency-key']).toBe('swipe-42');
  });

  it('waits out a 429 for the Retry-After it names, whatever the method', async () => {
    const limited = {
      status: 429,
      body: errorBody(429, 'RATE_LIMITED', 'retry after 1 s'),
      headers: { 'retry-after': '1' },
    };
    const { base, seen } = await start([limited, { status: 201, body: USER }]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: fast });
    await ok(client.POST('/api/v1/users', { body: { name: 'Alice', age: 30, gender: 'female' } }));
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
  });

  it('returns a 429 at once when its Retry-After is longer than the policy waits', async () => {
    const limited = {
      status: 429,
      body: errorBody(429, 'RATE_LIMITED', 'retry after 40 s'),
      headers: { 'retry-after': '40' },
    };
    const { base, seen } = await start([limited]);
    const client = createRecsysClient({ baseUrl: base, token: 't', retry: fast });
    const error = await ok(client.GET('/api/v1/matches/{user_id}', { params: { path: { user_id: 1 } } })).catch(
      (e: RecsysApiError) => e,
    );
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(seen).toHaveLength(1);
  });

  it('reports a server that is not there as the fetch error, after retrying a read', async () => {
    const { base, server } = await start([{ status: 200 }]);
    await new Promise((resolve) => server.close(resolve));
    servers = [];
    const client = createRecsysClient({ baseUrl: base, retry: { ...fast, attempts: 2 } });
    await expect(client.GET('/api/v1/health/live')).rejects.toThrow(/fetch failed/);
  });
});

import { httpRequestIdOf, requestIdOf } from './request-id';

/** A NATS message context with these headers (or none). */
const message = (headers: Record<string, string> | null) =>
  ({
    getHeaders: () => (headers ? { get: (name: string) => headers[name] ?? '' } : undefined),
  }) as never;

describe('requestIdOf', () => {
  it("takes the caller's id from the x-request-id header", () => {
    expect(requestIdOf(message({ 'x-request-id': 'trace-1' }))).toBe('trace-1');
  });

  it('makes a fresh id for a message without one, and gives the same one every time it is asked for that message', () => {
    const bare = message(null);
    const first = requestIdOf(bare);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(bare)).toBe(first);
    expect(requestIdOf(message(null))).not.toBe(first);
  });

  it('replaces an id that is unsafe to log or forward', () => {
    expect(requestIdOf(message({ 'x-request-id': 'bad id\nwith newline' }))).not.toContain('bad id');
  });
});

describe('httpRequestIdOf', () => {
  it("reads the id the gateway's middleware put in the response header, and nothing when there is none", () => {
    expect(httpRequestIdOf({ getHeader: (name) => (name === 'X-Request-Id' ? 'trace-2' : undefined) })).toBe('trace-2');
    expect(httpRequestIdOf({ getHeader: () => undefined })).toBeUndefined();
  });
});

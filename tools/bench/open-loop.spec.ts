import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { dueCount, intendedStartMs, latencyFromIntended, plan, runOpenLoop } from './open-loop';
import type { CpuSnapshot } from './process-cpu';

describe('the open-loop schedule', () => {
  it('spaces intended starts evenly at 1/rate', () => {
    expect(intendedStartMs(0, 300)).toBe(0);
    expect(intendedStartMs(3, 300)).toBeCloseTo(10, 12);
    expect(intendedStartMs(150, 100)).toBe(1500);
  });

  it('has request i due from its intended start on, never before', () => {
    expect(dueCount(-1, 100, 10)).toBe(0);
    expect(dueCount(0, 100, 10)).toBe(1); // request 0 at t0
    expect(dueCount(9.99, 100, 10)).toBe(1);
    expect(dueCount(10, 100, 10)).toBe(2);
    expect(dueCount(25, 100, 10)).toBe(3);
    // Exactly at every boundary, despite float rounding (7000 / 300 * 300 / 1000 < 7).
    const wrong: string[] = [];
    for (const rate of [7, 100, 300, 333, 1000]) {
      for (let i = 0; i < 100_000; i += i < 5000 ? 1 : 997) {
        const at = intendedStartMs(i, rate);
        if (dueCount(at, rate, 1e9) !== i + 1 || dueCount(at - 1e-6, rate, 1e9) !== i) wrong.push(`${rate}/s #${i}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('sends every late request in one tick, up to the total', () => {
    // A tick 50 ms late at 300/s: every request of those 50 ms is due at once.
    expect(dueCount(50, 300, 1000)).toBe(16);
    expect(dueCount(1e9, 300, 1000)).toBe(1000);
    expect(dueCount(5, 300, 0)).toBe(0);
  });

  it('measures latency from the intended start, so a late send counts as waiting', () => {
    // Request 30 at 300/s was due at 100 ms; sent late at 140 ms, answered at 160 ms: 60 ms, not 20.
    expect(latencyFromIntended(30, 300, 160)).toBeCloseTo(60, 9);
  });

  it('plans the warm-up requests before the measured ones', () => {
    expect(plan(300, 5, 20)).toEqual({
      rate: 300,
      warmupRequests: 1500,
      measuredRequests: 6000,
      total: 7500,
      windowStartMs: 5000,
      windowEndMs: 25000,
    });
    expect(plan(100, 0, 1)).toMatchObject({
      warmupRequests: 0,
      measuredRequests: 100,
      windowStartMs: 0,
      windowEndMs: 1000,
    });
    expect(() => plan(0, 1, 1)).toThrow('the rate must be a positive number');
  });
});

describe('runOpenLoop against a local server', () => {
  let server: http.Server;
  let base: string;
  let delayMs = 20;
  const authorisations: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      authorisations.push(req.headers.authorization ?? '');
      if (req.url === '/never') return; // never answers
      setTimeout(
        () => {
          const kind = req.url ?? '';
          const status = kind === '/missing' ? 404 : 200;
          const body =
            kind === '/cached'
              ? '{"items":[{"id":1}],"cached":true}'
              : kind === '/empty' || kind === '/missing'
                ? '{"items":[],"cached":false}'
                : '{"items":[{"id":2}],"cached":false}';
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(body);
        },
        req.url === '/stalled' ? 150 : delayMs,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends rate × duration requests and counts the wait for the answer', async () => {
    delayMs = 20;
    const r = await runOpenLoop(base, {
      name: 'fixed',
      what: 'test',
      path: '/plain',
      connections: 8,
      duration: 1,
      warmup: 0,
      rate: 100,
    });
    expect(r.requests).toBe(100);
    expect(r.errors).toBe(0);
    expect(r.statusCodes).toEqual({ 200: 100 });
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(20);
    expect(r.targetRate).toBe(100);
    expect(r.openLoop).toMatchObject({ scheduled: 100, sent: 100 });
    expect(r.openLoop!.sendLagMs.count).toBe(100);
    expect(r.requestsPerSecond).toBeGreaterThan(50);
  });

  it('tells when the slowest requests were due, so a stall shows as one span', async () => {
    delayMs = 1;
    let n = 0;
    // Requests 40 to 49 (due 400 to 490 ms into the window) meet a 150 ms stall.
    const next = () => {
      const i = n++;
      return { path: i >= 40 && i < 50 ? '/stalled' : '/plain', token: 't' };
    };
    const before = Date.now();
    const r = await runOpenLoop(base, {
      name: 'stall',
      what: 'test',
      path: '/',
      next,
      connections: 16,
      duration: 1,
      warmup: 0,
      rate: 100,
    });
    const tail = r.openLoop!.tail!;
    expect(tail).toMatchObject({ slowRequests: 1, spans: 1, spanMs: 250 });
    expect(tail.thresholdMs).toBeGreaterThanOrEqual(150);
    expect(tail.windows).toEqual([expect.objectContaining({ offsetSeconds: 0.25, requests: 1 })]);
    const at = Date.parse(tail.windows[0].at);
    expect(at).toBeGreaterThanOrEqual(before + 200);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('counts the wait for a busy socket as latency (no coordinated omission)', async () => {
    // One socket, 20 ms per answer: at most 50/s served, 100/s asked. The last request is due at
    // 990 ms and answered near 2 s, so the worst latency is near 1 s, not the server's 20 ms.
    delayMs = 20;
    const r = await runOpenLoop(base, {
      name: 'overload',
      what: 'test',
      path: '/plain',
      connections: 1,
      duration: 1,
      warmup: 0,
      rate: 100,
    });
    expect(r.requests).toBe(100);
    expect(r.latencyMs.max).toBeGreaterThan(500);
    expect(r.openLoop!.maxInFlight).toBeGreaterThan(10);
  });

  it('leaves the warm-up out, and counts statuses, cached replies and empty pages of the measured requests', async () => {
    delayMs = 1;
    const kinds = ['/cached', '/empty', '/plain', '/missing'];
    let n = 0;
    authorisations.length = 0;
    const next = () => ({ path: kinds[n++ % kinds.length], token: `t${n}` });
    const r = await runOpenLoop(base, {
      name: 'mixed',
      what: 'test',
      path: '/',
      next,
      connections: 4,
      duration: 1,
      warmup: 0.2,
      rate: 100,
    });
    // 20 warm-up requests (5 of each kind), then 100 measured (25 of each).
    expect(n).toBe(120);
    expect(r.requests).toBe(100);
    expect(r.statusCodes).toEqual({ 200: 75, 404: 25 });
    expect(r.non2xx).toBe(25);
    expect(r.cachedReplies).toBe(25);
    expect(r.emptyPages).toBe(25); // the 404s' bodies are not counted
    expect(authorisations).toContain('Bearer t1');
  });

  it('takes the CPU snapshots when the measured window starts and ends, and divides by its answers', async () => {
    delayMs = 1;
    const taken: number[] = [];
    let t0 = 0;
    const cpu = (): CpuSnapshot => {
      const atMs = performance.now();
      taken.push(atMs - t0);
      // The load generator's CPU only: 1 ms per snapshot taken.
      return {
        atMs,
        ticksPerSecond: 100,
        cores: 2,
        selfMicros: taken.length * 1000,
        machineTicks: null,
        groups: [],
        procs: [],
      };
    };
    t0 = performance.now();
    const r = await runOpenLoop(base, {
      name: 'cpu',
      what: 'test',
      path: '/plain',
      connections: 4,
      duration: 0.5,
      warmup: 0.3,
      rate: 100,
      cpu,
    });
    expect(taken).toHaveLength(2);
    expect(taken[0]).toBeGreaterThanOrEqual(299);
    expect(taken[1] - taken[0]).toBeGreaterThanOrEqual(450);
    expect(r.cpu).toBeDefined();
    expect(r.cpu!.answers).toBe(r.openLoop!.answeredInWindow);
    expect(r.cpu!.loadGenerator.cpuSeconds).toBe(0.001);
    expect(r.cpu!.windowSeconds).toBeCloseTo((taken[1] - taken[0]) / 1000, 3);
  });

  it('times out a request that gets no answer, from its intended start', async () => {
    const r = await runOpenLoop(
      base,
      { name: 'never', what: 'test', path: '/never', connections: 2, duration: 1, warmup: 0, rate: 10 },
      { timeoutMs: 300 },
    );
    expect(r.requests).toBe(0);
    expect(r.errors).toBe(10);
    expect(r.timeouts).toBe(10);
    expect(r.errorSamples).toEqual(['no answer 300 ms after the intended start']);
  });
});

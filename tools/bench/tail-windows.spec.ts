import { tailWindows } from './tail-windows';

describe('tailWindows', () => {
  const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

  it('finds the slowest 1% packed into the span of a stall', () => {
    // 1,000 requests at 100/s, 10 ms each, except ten in a row from 4.02 s, caught in a stall.
    const starts = Array.from({ length: 1000 }, (_, i) => i * 10);
    const latencies = starts.map((s) => (s >= 4020 && s < 4120 ? 300 - (s - 4020) : 10));
    const t = tailWindows(starts, latencies, T0)!;
    expect(t).toEqual({
      thresholdMs: 210,
      slowRequests: 10,
      spans: 1,
      spanMs: 250,
      windows: [{ offsetSeconds: 4, at: '2026-11-26T12:00:04.000Z', requests: 10, maxMs: 300 }],
    });
  });

  it('reports queueing as slow requests spread over many spans', () => {
    const starts = Array.from({ length: 2000 }, (_, i) => i * 5);
    // Distinct latencies, the slowest 1% every 250 ms or so.
    const latencies = starts.map((_, i) => (i % 50 === 0 ? 100 + i / 100 : 5 + (i % 7) / 10));
    const t = tailWindows(starts, latencies, T0, 250, 3)!;
    expect(t.slowRequests).toBe(20);
    expect(t.spans).toBe(20);
    expect(t.windows).toHaveLength(3);
    expect(t.windows.every((w) => w.requests === 1)).toBe(true);
    // The slowest first among equals.
    expect(t.windows[0].maxMs).toBe(119.5);
  });

  it('has nothing to say about no requests', () => {
    expect(tailWindows([], [], T0)).toBeNull();
  });
});

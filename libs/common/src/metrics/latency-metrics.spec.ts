import { Subjects } from '@app/contracts';
import { LatencyMetrics } from './latency-metrics';

describe('LatencyMetrics', () => {
  it('keeps counts and percentiles per handler', async () => {
    const m = new LatencyMetrics('test');
    for (const ms of [1, 2, 3]) m.observe('GET /a', ms, true);
    m.observe('GET /a', 9, false);
    const [a] = await m.snapshot();
    expect(a).toMatchObject({ name: 'GET /a', count: 4, errors: 1 });
    expect(a.p99_ms).toBeGreaterThan(0);
  });

  it('logs handlers at or over the threshold, at most so many a second, counting the ones left out', () => {
    const lines: string[] = [];
    const m = new LatencyMetrics('test', { thresholdMs: 100, warn: (l) => lines.push(l), maxPerSecond: 2 });
    const t = Date.UTC(2026, 10, 26, 12, 0, 0);
    m.observe(Subjects.ranking.recommend, 99, true, undefined, t);
    m.observe(Subjects.ranking.recommend, 100, true, undefined, t + 1);
    m.observe(Subjects.features.batch, 250, false, undefined, t + 2);
    m.observe(Subjects.features.batch, 300, true, undefined, t + 3); // third in this second: left out
    m.observe(Subjects.features.batch, 400, true, undefined, t + 4); // left out
    m.observe(Subjects.candidates.generate, 120, true, undefined, t + 1000);
    expect(lines).toEqual([
      'slow: ranking.recommend took 100 ms, started 2026-11-26T11:59:59.901Z',
      'slow: features.batch took 250 ms, failed, started 2026-11-26T11:59:59.752Z',
      'slow: candidates.generate took 120 ms, started 2026-11-26T12:00:00.880Z (2 more slow handlers not logged before this one)',
    ]);
  });

  it("names the slow request's id in its line", () => {
    const logged: (string | undefined)[] = [];
    new LatencyMetrics('test', { thresholdMs: 100, warn: (_, requestId) => logged.push(requestId) }).observe(
      Subjects.ranking.recommend,
      150,
      true,
      'trace-7',
    );
    expect(logged).toEqual(['trace-7']);
  });

  it('logs nothing with a threshold of 0 or without a log', () => {
    const lines: string[] = [];
    new LatencyMetrics('test', { thresholdMs: 0, warn: (l) => lines.push(l) }).observe('x', 10_000, true);
    new LatencyMetrics('test').observe('x', 10_000, true);
    expect(lines).toEqual([]);
  });
});

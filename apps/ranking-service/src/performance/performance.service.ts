import { Injectable } from '@nestjs/common';
import { LatencyMetrics } from '@app/common';
import { Subjects, type PerformanceReply } from '@app/contracts';
import { ImpressionsRepository } from '@app/db';
import { toVersionPerformance } from './performance-report';

@Injectable()
export class PerformanceService {
  constructor(
    private readonly impressions: ImpressionsRepository,
    private readonly metrics: LatencyMetrics,
  ) {}

  async report(windowHours: number): Promise<PerformanceReply> {
    const since = new Date(Date.now() - windowHours * 3600_000);
    const rows = await this.impressions.outcomesByRankerSince(since);
    const latency = (await this.metrics.snapshot()).find((m) => m.name === Subjects.ranking.recommend);
    return {
      window_hours: windowHours,
      since: since.toISOString(),
      versions: rows.map(toVersionPerformance),
      latency_ms: {
        count: latency?.count ?? 0,
        p50: latency?.p50_ms ?? 0,
        p90: latency?.p90_ms ?? 0,
        p99: latency?.p99_ms ?? 0,
      },
    };
  }
}

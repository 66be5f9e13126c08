import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LatencyMetrics } from '@app/common';
import type { RecommendationsReply } from '@app/contracts';

/** Why a page was served degraded (recommend.service.ts), the label of recommendations_degraded_total. */
export type DegradedReason = 'features-unavailable' | 'feature-list-mismatch';

/**
 * What the ranking service served: pages by cache outcome, scorer and ranker version (the cache
 * hit ratio is hit / all), and the recommended people by the candidate source that proposed them.
 */
@Injectable()
export class RecommendationMetrics {
  private readonly pages: Counter<'cache' | 'scorer' | 'ranker_version'>;
  private readonly items: Counter<'source'>;
  private readonly degradedPages: Counter<'reason'>;

  constructor(metrics: LatencyMetrics) {
    this.pages = new Counter({
      name: 'recommendation_pages_total',
      help: 'Recommendation pages served, by cache outcome (hit or miss), scorer and ranker version',
      labelNames: ['cache', 'scorer', 'ranker_version'],
      registers: [metrics.registry],
    });
    this.items = new Counter({
      name: 'recommendations_served_total',
      help: 'People recommended, by the candidate source that proposed them (an item of several sources counts for each)',
      labelNames: ['source'],
      registers: [metrics.registry],
    });
    this.degradedPages = new Counter({
      name: 'recommendations_degraded_total',
      help: 'Pages ordered without the feature store (recommend.service.ts), by reason',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  degraded(reason: DegradedReason): void {
    this.degradedPages.inc({ reason });
  }

  served(reply: RecommendationsReply): void {
    this.pages.inc({
      cache: reply.cached ? 'hit' : 'miss',
      scorer: reply.scorer,
      ranker_version: String(reply.model_versions.ranker ?? 'none'),
    });
    for (const item of reply.items) for (const source of item.sources) this.items.inc({ source });
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CANDIDATE_CONFIG, type CandidateConfig } from '../config/candidate-config';
import { IdCounts, type PopularityView } from '@app/ml/candidates';

/**
 * Popularity (positive swipes received) and exposure (swipes received plus impressions) per
 * user, recomputed in the background every CANDIDATE_POPULARITY_REFRESH_MS. Requests read the
 * last snapshot: counting them per request would mean aggregating millions of interactions.
 * The swipe window is the 30 days before the latest interaction (not before now), so a market
 * imported with past timestamps still has a popularity; impressions are the last 7 days.
 */
@Injectable()
export class PopularityService implements PopularityView, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PopularityService.name);
  private likes = IdCounts.EMPTY;
  private top = 0;
  private exposure = IdCounts.EMPTY;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CANDIDATE_CONFIG) private readonly config: CandidateConfig,
  ) {}

  likesOf(id: number): number {
    return this.likes.get(id);
  }

  get maxLikes(): number {
    return this.top;
  }

  exposureOf(id: number): number {
    return this.exposure.get(id);
  }

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.CANDIDATE_POPULARITY_REFRESH_MS);
    this.timer.unref();
  }

  /** Recomputes both snapshots (one run at a time); failures keep the previous ones. */
  refresh(): Promise<void> {
    this.running ??= this.compute()
      .catch((err: Error) => this.logger.warn(`popularity refresh failed, keeping the previous counts: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async compute(): Promise<void> {
    const t0 = Date.now();
    const received = await this.ds.query<{ id: number; likes: number; swipes: number }[]>(`
      SELECT target_id AS id,
             sum(CASE type WHEN 'super_like' THEN 2 WHEN 'like' THEN 1 ELSE 0 END)::int AS likes,
             count(*)::int AS swipes
      FROM interactions
      WHERE type <> 'block'
        AND created_at >= (SELECT max(created_at) FROM interactions) - interval '30 days'
      GROUP BY target_id`);
    const shown = await this.ds.query<{ id: number; n: number }[]>(`
      SELECT candidate_id AS id, count(*)::int AS n FROM impressions
      WHERE created_at >= now() - interval '7 days' GROUP BY candidate_id`);
    const exposure = new Map<number, number>();
    for (const r of received) exposure.set(r.id, r.swipes);
    for (const r of shown) exposure.set(r.id, (exposure.get(r.id) ?? 0) + r.n);
    const likes = new Map<number, number>();
    let top = 0;
    for (const r of received) {
      if (r.likes <= 0) continue;
      likes.set(r.id, r.likes);
      top = Math.max(top, r.likes);
    }
    this.likes = IdCounts.from(likes);
    this.top = top;
    this.exposure = IdCounts.from(exposure);
    this.logger.log(`popularity refreshed: ${likes.size} liked people, ${exposure.size} with exposure, ${Date.now() - t0} ms`);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

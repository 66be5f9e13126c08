import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CandidateConfig } from '../config/candidate-config';
import type { PopularityView } from '@app/ml/candidates';
import { PopularityRepository } from '@app/db';
import { ProfileMirror } from '@app/common';
import { WindowedTally } from './windowed-tally';

/** How often the windows are counted afresh (deleted rows stop counting then; see WindowedTally). */
const FULL_COUNT_EVERY_MS = 6 * 3600_000;

/**
 * Popularity (positive swipes received over 30 days) and exposure (swipes received plus
 * appearances in served pages over 7 days) per user, brought up to date in the background every
 * CANDIDATE_POPULARITY_REFRESH_MS from what changed since the last time (WindowedTally), and
 * counted afresh every few hours. Requests read the last snapshot.
 */
@Injectable()
export class PopularityService implements PopularityView, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PopularityService.name);
  private top = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly received: WindowedTally;
  private readonly shown: WindowedTally;
  private lastFullAt = -Infinity;

  constructor(
    popularity: PopularityRepository,
    private readonly config: CandidateConfig,
    private readonly profiles: ProfileMirror,
  ) {
    this.received = new WindowedTally(popularity.receivedSwipes);
    this.shown = new WindowedTally(popularity.appearances);
  }

  likesOf(id: number): number {
    return this.received.totals[0].get(id);
  }

  get maxLikes(): number {
    return this.top;
  }

  exposureOf(id: number): number {
    return this.received.totals[1].get(id) + this.shown.totals[0].get(id);
  }

  /**
   * A deleted user's own counts go at once (the full count would drop them within hours). What
   * their swipes added to other people's counts is not theirs and stays until then.
   */
  forget(id: number): void {
    for (const tally of [...this.received.totals, ...this.shown.totals]) tally.add(id, -tally.get(id));
  }

  onApplicationBootstrap(): void {
    this.profiles.onRemoved((id) => this.forget(id));
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.CANDIDATE_POPULARITY_REFRESH_MS);
    this.timer.unref();
  }

  /** Brings both snapshots up to date (one run at a time); failures keep the previous ones. */
  refresh(): Promise<void> {
    this.running ??= this.compute()
      .catch((err: Error) => this.logger.warn(`popularity refresh failed, keeping the previous counts: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async compute(): Promise<void> {
    const t0 = Date.now();
    const full = t0 - this.lastFullAt >= FULL_COUNT_EVERY_MS;
    const how = [await this.received.refresh(full), await this.shown.refresh(full)];
    if (full) this.lastFullAt = t0;
    // Requests read the tallies themselves: nothing to rebuild, only the top to find again.
    this.top = this.received.totals[0].max();
    const message = `popularity refreshed (swipes ${how[0]}, impressions ${how[1]}): ${this.received.totals[0].size} liked people, ${this.received.totals[1].size} swiped on, ${this.shown.totals[0].size} shown, ${Date.now() - t0} ms`;
    if (how.includes('full')) this.logger.log(message);
    else this.logger.debug(message);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStream, ProfileMirror } from '@app/common';
import { Subjects } from '@app/contracts';
import { ViewerRelationsRepository } from '@app/db';
import type { ViewerRelations } from '@app/ml/candidates';
import { CandidateConfig } from '../config/candidate-config';
import { ViewerHistory } from './viewer-history';

/** How often the share of requests answered from memory is logged (when there were any). */
const STATS_LOG_MS = 60_000;

/**
 * This instance's ViewerHistory, fed by the interaction events through consumers of its own
 * (every replica keeps its own, so every replica must see every event), by the profile
 * mirror's deletions, and cleared by bulk imports (which write interactions without events).
 */
@Injectable()
export class ViewerHistoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ViewerHistoryService.name);
  private readonly history: ViewerHistory;
  private statsTimer: NodeJS.Timeout | null = null;
  private lastStats = { hits: 0, misses: 0 };

  constructor(
    relations: ViewerRelationsRepository,
    private readonly profiles: ProfileMirror,
    private readonly events: EventStream,
    config: CandidateConfig,
  ) {
    this.history = new ViewerHistory((id) => relations.findHistory(id), config.CANDIDATE_HISTORY_VIEWERS);
  }

  relations(viewerId: number): Promise<ViewerRelations> {
    return this.history.relations(viewerId);
  }

  onApplicationBootstrap(): void {
    this.profiles.onRemoved((id) => this.history.forget(id));
    void Promise.all([
      this.events.consume(Subjects.events.interactionCreated, 'every-instance', ({ payload: { interaction: i } }) => {
        const atMs = Date.parse(i.created_at);
        this.history.apply({ actorId: i.user_id, targetId: i.target_user_id, type: i.interaction_type, atMs });
      }),
      this.events.consume(Subjects.events.bulkImported, 'every-instance', () => this.history.clear()),
    ])
      // Nothing is kept before this: an entry read earlier could miss an event sent meanwhile.
      .then(() => this.history.follow());
    this.statsTimer = setInterval(() => this.logStats(), STATS_LOG_MS).unref();
  }

  /** "How often did a request find its viewer's history in memory": the setting's effect, for operators. */
  private logStats(): void {
    const { kept, hits, misses } = this.history.stats();
    const requests = hits + misses - this.lastStats.hits - this.lastStats.misses;
    if (requests > 0) {
      const share = (100 * (hits - this.lastStats.hits)) / requests;
      this.logger.log(
        `viewer histories: ${kept} kept; ${share.toFixed(1)}% of the last ${requests} requests answered from memory`,
      );
    }
    this.lastStats = { hits, misses };
  }

  onApplicationShutdown(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.history.unfollow();
  }
}

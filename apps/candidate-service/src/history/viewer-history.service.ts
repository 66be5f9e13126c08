import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InstanceEvents, JetStreamService, ProfileMirror, type ServiceConfig } from '@app/common';
import { Subjects, type EventPayload } from '@app/contracts';
import { runPrepared } from '@app/db/queries/prepared';
import { RELATIONS_QUERY, type RelationRow, toHistory } from '@app/db/queries/viewer-relations';
import type { ViewerRelations } from '@app/ml/candidates';
import { CANDIDATE_CONFIG, type CandidateConfig, SERVICE_CONFIG } from '../config/candidate-config';
import { ViewerHistory } from './viewer-history';

/** How often the share of requests answered from memory is logged (when there were any). */
const STATS_LOG_MS = 60_000;

/**
 * This instance's ViewerHistory, fed by the interaction events through its own ordered consumer
 * (every replica keeps its own, so every replica must see every event), by the profile
 * mirror's deletions, and cleared by bulk imports (which write interactions without events).
 */
@Injectable()
export class ViewerHistoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ViewerHistoryService.name);
  private readonly history: ViewerHistory;
  private readonly events: InstanceEvents;
  private statsTimer: NodeJS.Timeout | null = null;
  private lastStats = { hits: 0, misses: 0 };

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly profiles: ProfileMirror,
    js: JetStreamService,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(CANDIDATE_CONFIG) candidateConfig: CandidateConfig,
  ) {
    this.history = new ViewerHistory(async (id) => toHistory(await runPrepared<RelationRow>(ds, RELATIONS_QUERY, [id])), candidateConfig.CANDIDATE_HISTORY_VIEWERS);
    this.events = new InstanceEvents(`candidate-service-${config.SERVICE_INSTANCE}-history`, config.natsServers, () => js.ensureStream());
  }

  relations(viewerId: number): Promise<ViewerRelations> {
    return this.history.relations(viewerId);
  }

  onApplicationBootstrap(): void {
    this.profiles.onRemoved((id) => this.history.forget(id));
    this.events.start(
      [
        {
          subject: Subjects.events.interactionCreated,
          handle: (p) => {
            const { interaction: i } = p as EventPayload<'events.interaction.created'>;
            this.history.apply({ actorId: i.user_id, targetId: i.target_user_id, type: i.interaction_type, atMs: Date.parse(i.created_at) });
          },
        },
        { subject: Subjects.events.bulkImported, handle: () => this.history.clear() },
      ],
      // Nothing is kept before this: an entry read earlier could miss an event sent meanwhile.
      () => this.history.follow(),
    );
    this.statsTimer = setInterval(() => this.logStats(), STATS_LOG_MS).unref();
  }

  /** "How often did a request find its viewer's history in memory": the setting's effect, for operators. */
  private logStats(): void {
    const { kept, hits, misses } = this.history.stats();
    const requests = hits + misses - this.lastStats.hits - this.lastStats.misses;
    if (requests > 0) {
      const share = (100 * (hits - this.lastStats.hits)) / requests;
      this.logger.log(`viewer histories: ${kept} kept; ${share.toFixed(1)}% of the last ${requests} requests answered from memory`);
    }
    this.lastStats = { hits, misses };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.history.unfollow();
    await this.events.stop();
  }
}

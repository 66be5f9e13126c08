import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ActiveModel, missingIds, PeriodicSweep, type ProfileMirror } from '@app/common';
import type { ProfilesRepository } from '@app/db';
import { type EmbeddingLookup, forgetUser } from '@app/ml/embeddings/lookup';
import type { AggregatesSnapshot } from '../aggregates/aggregates-snapshot';
import type { RealtimeCounters } from '../counters/realtime-counters';

/**
 * What the feature store keeps of a deleted user, and its erasure (ARCHITECTURE.md, "Erasure"):
 * - in this instance's memory: the profile (the mirror drops it itself), the aggregates row, the
 *   embedding row of the active version, the copy of the counters' `active` index. They go when
 *   the mirror reports the user removed (their deletion event, every replica);
 * - in Redis: the real-time counters and the `active` member, dropped by the durable deletions
 *   consumer (CountersConsumer), and kept from coming back by late swipes (CountersConsumer.deletedIn).
 * Every ERASURE_SWEEP_MS the sweep checks every id held in either place against `users` and
 * erases what belongs to nobody: a deletion racing a swipe's counters, a re-read or a model
 * load that started before the deletion.
 */
export class FeatureErasure implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweep: PeriodicSweep;

  constructor(
    private readonly profiles: ProfileMirror,
    private readonly users: ProfilesRepository,
    private readonly counters: RealtimeCounters,
    private readonly aggregates: AggregatesSnapshot,
    private readonly embeddings: ActiveModel<EmbeddingLookup>,
    sweepMs: number,
  ) {
    // In the constructor: before the mirror starts (a bootstrap hook), so no removal is missed.
    profiles.onRemoved((id) => this.forgetInMemory(id));
    this.sweep = new PeriodicSweep('feature store', sweepMs, () => this.pass());
  }

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  onApplicationShutdown(): void {
    this.sweep.stop();
  }

  /** One sweep: returns how many deleted users it erased something of. */
  async pass(): Promise<number> {
    const held = await this.counters.heldUserIds();
    for (const id of this.aggregates.userIds()) held.add(id);
    const lookup = this.embeddings.get()?.model;
    if (lookup) for (const id of lookup.index.keys()) held.add(id);
    const gone = await missingIds(held, (ids) => this.users.findExistingIds(ids));
    for (const id of gone) {
      await this.counters.forget(id);
      this.forgetInMemory(id);
    }
    return gone.length;
  }

  private forgetInMemory(id: number): void {
    this.aggregates.remove(id);
    this.counters.noteDeleted(id);
    const lookup = this.embeddings.get()?.model;
    if (lookup) forgetUser(lookup, id);
  }
}

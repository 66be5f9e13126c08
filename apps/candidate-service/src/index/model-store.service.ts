import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CoalescedRun, EventStream, followActivations, ProfileMirror } from '@app/common';
import { ModelVersionsRepository, UsersRepository } from '@app/db';
import { deserializeEmbeddings } from '@app/ml/embeddings';
import { CandidateConfig } from '../config/candidate-config';
import { EmbeddingSnapshot, indexRows } from '@app/ml/candidates';
import { buildIndexInWorker } from './index-builder';

/**
 * Holds the active embeddings version and its ANN index. `current` is swapped by a single
 * reference assignment once a new index is completely built (in a worker thread), so requests
 * never wait for a build and never see a half-built index; with no active version the service
 * runs without the collaborative arm.
 *
 * The registry (model_versions) is the truth: an activation (every replica holds its own index,
 * so each follows them: followActivations) or the periodic poll only makes the store re-read
 * it, so a missed or repeated event cannot leave an instance on a wrong version for longer
 * than one poll interval. Deletions come through the profile mirror, which follows the user
 * events anyway.
 */
@Injectable()
export class ModelStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelStore.name);
  private snapshot: EmbeddingSnapshot | null = null;
  /** Refreshes run one at a time; a burst of activations builds at most twice (the latest reason is logged). */
  private readonly refresher = new CoalescedRun(
    () => this.syncLogged(),
    () => !this.stopped,
  );
  private reason = 'startup';
  /** Users deleted while a build runs: removed from the new snapshot before it goes live. */
  private deletedDuringBuild: Set<number> | null = null;
  private stopPolling: (() => void) | null = null;
  private stopped = false;
  constructor(
    private readonly versions: ModelVersionsRepository,
    private readonly users: UsersRepository,
    private readonly config: CandidateConfig,
    private readonly events: EventStream,
    private readonly profiles: ProfileMirror,
  ) {}

  /** The snapshot requests use; read it once per request. */
  get current(): EmbeddingSnapshot | null {
    return this.snapshot;
  }

  onApplicationBootstrap(): void {
    this.profiles.onRemoved((id) => this.removeUser(id));
    void this.refresh('startup');
    const pollMs = this.config.CANDIDATE_MODEL_POLL_MS;
    this.stopPolling = followActivations(this.events, 'embeddings', pollMs, (reason) => void this.refresh(reason));
  }

  /**
   * Brings the store to the registry's active version. Calls during a run coalesce into one
   * more run after it, so a burst of activations builds at most twice.
   */
  refresh(reason: string): Promise<void> {
    this.reason = reason;
    return this.refresher.run();
  }

  private async syncLogged(): Promise<void> {
    const reason = this.reason;
    try {
      await this.sync(reason);
    } catch (err) {
      this.logger.error(
        `embeddings refresh (${reason}) failed, keeping version ${this.snapshot?.version ?? 'none'}: ${(err as Error).stack ?? err}`,
      );
    }
  }

  /** Drops a deleted user from the live snapshot, and from the one being built. */
  removeUser(userId: number): void {
    this.snapshot?.remove(userId);
    this.deletedDuringBuild?.add(userId);
  }

  private async sync(reason: string): Promise<void> {
    const version = await this.versions.activeVersion('embeddings');
    if (version === null) {
      if (this.snapshot)
        this.logger.warn(`no active embeddings version any more: dropping version ${this.snapshot.version}`);
      this.snapshot = null;
      return;
    }
    if (version === this.snapshot?.version) return;
    const t0 = Date.now();
    this.deletedDuringBuild = new Set();
    try {
      const artifact = await this.versions.artifactOf('embeddings', version);
      if (!artifact) throw new Error(`embeddings version ${version} has no artifact`);
      const model = deserializeEmbeddings(artifact);
      const rows = indexRows(model);
      const index = await buildIndexInWorker({
        backend: this.config.CANDIDATE_ANN_BACKEND,
        efSearch: this.config.CANDIDATE_ANN_EF_SEARCH,
        ...rows,
      });
      const next = new EmbeddingSnapshot(version, model, index);
      // Users deleted since training (the event was before this process, or during the build).
      const aliveIds = await this.users.findExistingIds(Array.from(rows.ids));
      let dropped = 0;
      for (const id of rows.ids) if (!aliveIds.has(id) && next.remove(id)) dropped++;
      for (const id of this.deletedDuringBuild) if (next.remove(id)) dropped++;
      const previous = this.snapshot?.version ?? null;
      this.snapshot = next;
      this.logger.log(
        `embeddings version ${version} live (${reason}): ${next.size} users, dim ${model.dim}, ${dropped} deleted users dropped, built in ${Date.now() - t0} ms; was ${previous ?? 'none'}`,
      );
    } finally {
      this.deletedDuringBuild = null;
    }
  }

  onApplicationShutdown(): void {
    // A build in progress is abandoned, not awaited: it can take tens of seconds, and the
    // process exit ends its worker thread.
    this.stopped = true;
    this.stopPolling?.();
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { OutboxRelay } from '@app/common';
import type { ModelKind, ModelVersionView } from '@app/contracts';
import type { ModelVersionData } from '@app/db/entities';
import {
  type ActiveModelVersion,
  ModelVersionsRepository,
  type TrainedModel,
} from '@app/db/repositories/model-versions.repository';
import { selectArtifactsToDelete } from '@app/ml/training';
import { TrainerConfig } from '../trainer.config';
import { ArtifactErasure } from '../erasure/artifact-erasure';

/** What the registry records about a version's training data (the jsonb `data` column). */
export type VersionData = ModelVersionData;
export type ActiveVersion = ActiveModelVersion;

/**
 * The model registry (model_versions, through ModelVersionsRepository): versions are numbered
 * under a per-kind lock, so concurrent jobs never collide; activation is one transaction that
 * retires the old version, activates the new one and writes the outbox event, which the relay
 * is then asked to publish at once.
 */
@Injectable()
export class ModelRegistry {
  private readonly logger = new Logger(ModelRegistry.name);

  constructor(
    private readonly versions: ModelVersionsRepository,
    private readonly outbox: OutboxRelay,
    private readonly config: TrainerConfig,
    private readonly erasure: ArtifactErasure,
  ) {}

  /** Opens a new version in status 'training' and returns its number. */
  open(kind: ModelKind, params: Record<string, unknown>): Promise<number> {
    return this.versions.open(kind, params);
  }

  /** The active version with its artifact, or null. */
  active(kind: ModelKind): Promise<ActiveVersion | null> {
    return this.versions.active(kind);
  }

  /** Highest interaction id any finished (not failed) version of `kind` was trained with. */
  lastTrainedInteractionId(kind: ModelKind): Promise<number | null> {
    return this.versions.lastTrainedInteractionId(kind);
  }

  /**
   * Activates `version` if the active version is still `expectedActive` (what it was compared
   * with): retires the old one, activates the new one and announces it, in one transaction.
   * Returns false (and stores it as rejected) when another version was activated meanwhile.
   */
  async activate(kind: ModelKind, version: number, expectedActive: number | null, result: TrainedModel) {
    const activated = await this.versions.activate(kind, version, expectedActive, result);
    if (activated) this.outbox.kick();
    await this.collectGarbage(kind);
    await this.eraseDeletedUsers(kind);
    return activated;
  }

  /** Stores a version that was not activated, with its metrics and the reason. */
  async reject(kind: ModelKind, version: number, result: TrainedModel): Promise<void> {
    await this.versions.reject(kind, version, result);
    await this.collectGarbage(kind);
    await this.eraseDeletedUsers(kind);
  }

  /**
   * A version trained on data read before a user's deletion holds them: the erasure pass that
   * follows its storing takes them out (embeddings only: the ranker holds nothing per user).
   */
  private async eraseDeletedUsers(kind: ModelKind): Promise<void> {
    if (kind === 'embeddings') await this.erasure.run();
  }

  /** Marks a version failed (its job threw), keeping why. */
  fail(kind: ModelKind, version: number, reason: string): Promise<void> {
    return this.versions.fail(kind, version, reason);
  }

  /** Removes a version opened for a run that turned out to have nothing to learn from. */
  discard(kind: ModelKind, version: number): Promise<void> {
    return this.versions.discard(kind, version);
  }

  /** Versions left in 'training' by a process that died mid-job: they will never finish. */
  failAbandoned(kind: ModelKind, olderThanMs: number): Promise<void> {
    return this.versions.failAbandoned(kind, olderThanMs);
  }

  /** Frees the artifacts of old retired, rejected and failed versions (rows stay for history). */
  async collectGarbage(kind: ModelKind): Promise<number[]> {
    const doomed = selectArtifactsToDelete(await this.versions.artifactStates(kind), this.config.MODEL_KEEP_RETIRED);
    if (doomed.length) {
      await this.versions.freeArtifacts(kind, doomed);
      this.logger.log(`freed ${kind} artifacts of versions ${doomed.join(', ')}`);
    }
    return doomed;
  }

  /** Every version without artifacts, newest first, and the active version per kind. */
  async list(kind?: ModelKind): Promise<{ versions: ModelVersionView[]; active: Partial<Record<ModelKind, number>> }> {
    const active: Partial<Record<ModelKind, number>> = {};
    const versions = (await this.versions.list(kind)).map((v): ModelVersionView => {
      if (v.status === 'active') active[v.kind] = v.version;
      const { decision, users, interactions, impressions, model } = v.data ?? ({} as Partial<VersionData>);
      return {
        kind: v.kind,
        version: v.version,
        status: v.status,
        params: v.params,
        metrics: v.metrics,
        data: {
          users: users ?? 0,
          interactions: interactions ?? 0,
          ...(impressions !== undefined ? { impressions } : {}),
        },
        trained_at: v.trainedAt.toISOString(),
        activated_at: v.activatedAt ? v.activatedAt.toISOString() : null,
        decision: decision ?? null,
        model: model ?? null,
        has_artifact: v.hasArtifact,
      };
    });
    return { versions, active };
  }
}

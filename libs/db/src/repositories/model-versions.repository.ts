import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Subjects, type ModelKind, type ModelStatus } from '@app/contracts';
import { ModelVersionEntity, type ModelVersionData } from '../entities/model-version.entity';
import { OutboxEventsRepository } from './outbox-events.repository';

/** The active version of a kind, with what retraining starts from: its artifact and its data record. */
export interface ActiveModelVersion {
  version: number;
  artifact: Buffer | null;
  data: ModelVersionData;
}

/** What training produced for a version, stored whether it is activated or not. */
export interface TrainedModel {
  metrics: Record<string, number>;
  data: ModelVersionData;
  artifact: Buffer | null;
}

/** A version as the registry lists it: every column but the artifact, and whether one is stored. */
export type ListedModelVersion = Omit<ModelVersionEntity, 'artifact'> & { hasArtifact: boolean };

/** Whether each version of a kind still stores its artifact (what garbage collection decides on). */
export interface ArtifactState {
  version: number;
  status: ModelStatus;
  hasArtifact: boolean;
}

/**
 * The model registry's table (model_versions): the trainer opens, stores, activates and frees
 * versions; every serving instance reads the active version and its artifact. Writes that
 * number or activate versions hold a per-kind lock, so concurrent jobs never collide.
 */
export class ModelVersionsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The active version of `kind`, or null when none is. */
  async activeVersion(kind: ModelKind): Promise<number | null> {
    const where = { kind, status: 'active' as const };
    const row = await this.manager.findOne(ModelVersionEntity, { select: { version: true }, where });
    return row?.version ?? null;
  }

  /** The artifact of one version, or null (never trained, freed, or no such version). */
  async artifactOf(kind: ModelKind, version: number): Promise<Buffer | null> {
    const select = { version: true, artifact: true };
    const row = await this.manager.findOne(ModelVersionEntity, { select, where: { kind, version } });
    return row?.artifact ?? null;
  }

  /** The active version of `kind` with its artifact and data record, or null. */
  async active(kind: ModelKind): Promise<ActiveModelVersion | null> {
    const row = await this.manager.findOne(ModelVersionEntity, {
      select: { version: true, artifact: true, data: true },
      where: { kind, status: 'active' },
    });
    return row ? { version: row.version, artifact: row.artifact, data: row.data } : null;
  }

  /** Opens the next version of `kind` in status 'training' and returns its number. */
  open(kind: ModelKind, params: Record<string, unknown>): Promise<number> {
    return this.manager.transaction(async (m) => {
      await lockKind(m, kind);
      const last = await m.maximum(ModelVersionEntity, 'version', { kind });
      const version = (last ?? 0) + 1;
      // save, not insert: TypeORM's insert types cannot take a jsonb column of unknown values.
      await m.save(ModelVersionEntity, { kind, version, status: 'training', params });
      return version;
    });
  }

  /** The highest interaction id a finished (not failed) version of `kind` was trained with, or null. */
  async lastTrainedInteractionId(kind: ModelKind): Promise<number | null> {
    const row = await this.manager
      .createQueryBuilder(ModelVersionEntity, 'v')
      // A field of the jsonb data record, which TypeORM cannot address.
      .select(`max((v.data->>'max_interaction_id')::bigint)`, 'id')
      .where('v.kind = :kind', { kind })
      .andWhere('v.status IN (:...finished)', { finished: ['active', 'retired', 'rejected'] })
      .getRawOne<{ id: string | null }>();
    return row?.id === null || row?.id === undefined ? null : Number(row.id);
  }

  /**
   * Activates `version` if the active version is still `expectedActive` (what it was compared
   * with): retires the old one, stores this one as active and writes events.model.activated to
   * the outbox, in one transaction. When another version was activated meanwhile, stores this
   * one as rejected instead and returns false.
   */
  activate(kind: ModelKind, version: number, expectedActive: number | null, trained: TrainedModel): Promise<boolean> {
    return this.manager.transaction(async (m) => {
      await lockKind(m, kind);
      const current = await new ModelVersionsRepository(m).activeVersion(kind);
      if (current !== expectedActive) {
        const data = { ...trained.data, decision: `rejected: version ${current} was activated while this one trained` };
        await store(m, kind, version, 'rejected', { ...trained, data });
        return false;
      }
      await m.update(ModelVersionEntity, { kind, status: 'active' }, { status: 'retired' });
      await store(m, kind, version, 'active', trained);
      await new OutboxEventsRepository(m).append(Subjects.events.modelActivated, { kind, version }, null);
      return true;
    });
  }

  /** Stores a version that was not activated, with its metrics and the reason in its data. */
  async reject(kind: ModelKind, version: number, trained: TrainedModel): Promise<void> {
    await store(this.manager, kind, version, 'rejected', trained);
  }

  /** Marks a version still training as failed (its job threw), keeping why. */
  async fail(kind: ModelKind, version: number, reason: string): Promise<void> {
    await this.markFailed(kind, `failed: ${reason}`, 'version = :version', { version });
  }

  /** Marks as failed the versions of `kind` left training longer than `olderThanMs` (their worker died). */
  async failAbandoned(kind: ModelKind, olderThanMs: number): Promise<void> {
    const decision = 'failed: abandoned (the worker stopped mid-training)';
    // An interval from now by the database's clock, which trained_at was set by.
    const condition = 'trained_at < now() - make_interval(secs => :seconds)';
    await this.markFailed(kind, decision, condition, { seconds: olderThanMs / 1000 });
  }

  /** Removes a version still training (opened for a run that had nothing to learn from). */
  async discard(kind: ModelKind, version: number): Promise<void> {
    await this.manager.delete(ModelVersionEntity, { kind, version, status: 'training' });
  }

  /** Every version of `kind` with whether it stores an artifact. */
  artifactStates(kind: ModelKind): Promise<ArtifactState[]> {
    return (
      this.manager
        .createQueryBuilder(ModelVersionEntity, 'v')
        .select('v.version', 'version')
        .addSelect('v.status', 'status')
        // Whether it is stored, without reading it (megabytes).
        .addSelect('v.artifact IS NOT NULL', 'hasArtifact')
        .where('v.kind = :kind', { kind })
        .getRawMany<ArtifactState>()
    );
  }

  /** Frees the artifacts of `versions` of `kind` (their rows stay, for history). */
  async freeArtifacts(kind: ModelKind, versions: number[]): Promise<void> {
    if (!versions.length) return;
    await this.manager
      .createQueryBuilder()
      .update(ModelVersionEntity)
      .set({ artifact: null })
      .where('kind = :kind AND version IN (:...versions)', { kind, versions })
      .execute();
  }

  /**
   * Runs `work` in a transaction holding `kind`'s registry lock (the one numbering and
   * activation take), with a repository and manager inside it: rewriting stored artifacts
   * under it cannot interleave with a version being stored.
   */
  withKindLock<T>(
    kind: ModelKind,
    work: (versions: ModelVersionsRepository, m: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.manager.transaction(async (m) => {
      await lockKind(m, kind);
      return work(new ModelVersionsRepository(m), m);
    });
  }

  /** The versions of `kind` that store an artifact, whatever their status. */
  async versionsWithArtifacts(kind: ModelKind): Promise<number[]> {
    return (await this.artifactStates(kind)).filter((v) => v.hasArtifact).map((v) => Number(v.version));
  }

  /**
   * `length` bytes of a version's artifact from byte `offset` (0-based), without reading the
   * rest (PostgreSQL fetches only the chunks it needs of an uncompressed value); null when none.
   */
  async artifactSlice(kind: ModelKind, version: number, offset: number, length: number): Promise<Buffer | null> {
    // Raw: substring of a bytea, which TypeORM cannot express.
    const rows: { part: Buffer | null }[] = await this.manager.query(
      `SELECT substring(artifact FROM $3 FOR $4) AS part FROM model_versions WHERE kind = $1 AND version = $2`,
      [kind, version, offset + 1, length],
    );
    return rows[0]?.part ?? null;
  }

  /** Replaces the artifact of a version that stores one (its erasure rewrite); the rest of the row stays. */
  async replaceArtifact(kind: ModelKind, version: number, artifact: Buffer): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(ModelVersionEntity)
      .set({ artifact })
      .where('kind = :kind AND version = :version AND artifact IS NOT NULL', { kind, version })
      .execute();
  }

  /** Every version (of `kind`, if given), by kind and newest first, without artifacts. */
  async list(kind?: ModelKind): Promise<ListedModelVersion[]> {
    const query = this.manager
      .createQueryBuilder(ModelVersionEntity, 'v')
      .addSelect('v.artifact IS NOT NULL', 'has_artifact')
      .orderBy('v.kind', 'ASC')
      .addOrderBy('v.version', 'DESC');
    if (kind) query.where('v.kind = :kind', { kind });
    const { entities, raw } = await query.getRawAndEntities<{ has_artifact: boolean }>();
    return entities.map((v, i) => ({ ...v, hasArtifact: raw[i].has_artifact }));
  }

  /** Marks the versions of `kind` still training that meet `condition` as failed, adding `decision` to their data. */
  private async markFailed(kind: ModelKind, decision: string, condition: string, params: ObjectLiteral): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(ModelVersionEntity)
      // Adds one field to the jsonb record in place, where TypeORM would rewrite all of it.
      .set({ status: 'failed', data: () => `data || jsonb_build_object('decision', CAST(:decision AS text))` })
      .where('kind = :kind AND status = :training', { kind, training: 'training', decision })
      .andWhere(condition, params)
      .execute();
  }
}

/**
 * Serializes the registry's numbering and activation of one kind across trainer replicas until
 * the transaction ends: a transaction-scoped advisory lock, for which TypeORM has no call.
 */
function lockKind(m: EntityManager, kind: ModelKind): Promise<unknown> {
  return m.query(`SELECT pg_advisory_xact_lock(hashtext('model_versions:' || $1))`, [kind]);
}

/**
 * Records what training produced for a version, as `status` (and active since now when it is
 * active). JSON has no NaN: a metric that could not be computed is stored as absent.
 */
async function store(m: EntityManager, kind: ModelKind, version: number, status: ModelStatus, trained: TrainedModel) {
  const metrics = Object.fromEntries(Object.entries(trained.metrics).filter(([, v]) => Number.isFinite(v)));
  const now = () => 'now()';
  const activatedAt = status === 'active' ? { activatedAt: now } : {};
  const changes = { status, metrics, data: trained.data, artifact: trained.artifact, trainedAt: now, ...activatedAt };
  await m.update(ModelVersionEntity, { kind, version }, changes);
}

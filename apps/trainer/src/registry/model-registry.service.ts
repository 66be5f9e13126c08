import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutbox, OutboxRelay } from '@app/common';
import { Subjects, type ModelKind, type ModelStatus, type ModelVersionView } from '@app/contracts';
import { selectArtifactsToDelete } from '@app/ml/training';
import { TrainerConfig } from '../trainer.config';

/** What the registry records about a version's training data (the jsonb `data` column). */
export interface VersionData {
  users: number;
  interactions: number;
  impressions?: number;
  /** Highest interaction id loaded: "new interactions since this version" are those above it. */
  max_interaction_id: number;
  /** Last interaction time (epoch ms) the stored artifact was trained on. */
  cutoff_ms: number;
  decision?: string;
  [key: string]: unknown;
}

export interface ActiveVersion {
  version: number;
  artifact: Buffer | null;
  data: VersionData;
}

interface Row {
  kind: ModelKind;
  version: number;
  status: ModelStatus;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  data: VersionData;
  trained_at: Date;
  activated_at: Date | null;
  has_artifact: boolean;
}

/**
 * The model registry in PostgreSQL (model_versions). Version numbers are taken under a per-kind
 * advisory lock inside a transaction, so concurrent jobs never collide; activation is one
 * transaction that retires the old version, activates the new one and writes the outbox event.
 */
@Injectable()
export class ModelRegistry {
  private readonly logger = new Logger(ModelRegistry.name);

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly config: TrainerConfig,
  ) {}

  private lock(m: EntityManager, kind: ModelKind): Promise<unknown> {
    return m.query(`SELECT pg_advisory_xact_lock(hashtext('model_versions:' || $1))`, [kind]);
  }

  /** Opens a new version in status 'training' and returns its number. */
  async open(kind: ModelKind, params: Record<string, unknown>): Promise<number> {
    return this.ds.transaction(async (m) => {
      await this.lock(m, kind);
      const [{ next }] = await m.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM model_versions WHERE kind = $1`, [kind]);
      await m.query(`INSERT INTO model_versions (kind, version, status, params) VALUES ($1, $2, 'training', $3)`, [kind, next, JSON.stringify(params)]);
      return Number(next);
    });
  }

  /** The active version with its artifact, or null. */
  async active(kind: ModelKind): Promise<ActiveVersion | null> {
    const rows: { version: number; artifact: Buffer | null; data: VersionData }[] = await this.ds.query(
      `SELECT version, artifact, data FROM model_versions WHERE kind = $1 AND status = 'active'`,
      [kind],
    );
    return rows[0] ?? null;
  }

  /** Highest interaction id any finished (not failed) version of `kind` was trained with. */
  async lastTrainedInteractionId(kind: ModelKind): Promise<number | null> {
    const [row] = await this.ds.query(
      `SELECT max((data->>'max_interaction_id')::bigint) AS id FROM model_versions WHERE kind = $1 AND status IN ('active', 'retired', 'rejected')`,
      [kind],
    );
    return row?.id === null || row?.id === undefined ? null : Number(row.id);
  }

  /**
   * Activates `version` if the active version is still `expectedActive` (what it was compared
   * with): retires the old one, activates the new one and announces it, in one transaction.
   * Returns false (and stores it as rejected) when another version was activated meanwhile.
   */
  async activate(kind: ModelKind, version: number, expectedActive: number | null, result: { metrics: Record<string, number>; data: VersionData; artifact: Buffer }): Promise<boolean> {
    const activated = await this.ds.transaction(async (m) => {
      await this.lock(m, kind);
      const [current] = await m.query(`SELECT version FROM model_versions WHERE kind = $1 AND status = 'active'`, [kind]);
      const currentVersion = current ? Number(current.version) : null;
      if (currentVersion !== expectedActive) {
        const data = { ...result.data, decision: `rejected: version ${currentVersion} was activated while this one trained` };
        await this.store(m, kind, version, 'rejected', result.metrics, data, result.artifact);
        return false;
      }
      await m.query(`UPDATE model_versions SET status = 'retired' WHERE kind = $1 AND status = 'active'`, [kind]);
      await this.store(m, kind, version, 'active', result.metrics, result.data, result.artifact);
      await m.query(`UPDATE model_versions SET activated_at = now() WHERE kind = $1 AND version = $2`, [kind, version]);
      await appendOutbox(m, Subjects.events.modelActivated, { kind, version }, null);
      return true;
    });
    if (activated) this.outbox.kick();
    await this.collectGarbage(kind);
    return activated;
  }

  /** Stores a version that was not activated, with its metrics and the reason. */
  async reject(kind: ModelKind, version: number, result: { metrics: Record<string, number>; data: VersionData; artifact: Buffer | null }): Promise<void> {
    await this.ds.transaction((m) => this.store(m, kind, version, 'rejected', result.metrics, result.data, result.artifact));
    await this.collectGarbage(kind);
  }

  /** Marks a version failed (its job threw), keeping why. */
  async fail(kind: ModelKind, version: number, reason: string): Promise<void> {
    await this.ds.query(
      `UPDATE model_versions SET status = 'failed', data = data || jsonb_build_object('decision', $3::text) WHERE kind = $1 AND version = $2 AND status = 'training'`,
      [kind, version, `failed: ${reason}`],
    );
  }

  /** Removes a version opened for a run that turned out to have nothing to learn from. */
  async discard(kind: ModelKind, version: number): Promise<void> {
    await this.ds.query(`DELETE FROM model_versions WHERE kind = $1 AND version = $2 AND status = 'training'`, [kind, version]);
  }

  /** Versions left in 'training' by a process that died mid-job: they will never finish. */
  async failAbandoned(kind: ModelKind, olderThanMs: number): Promise<void> {
    await this.ds.query(
      `UPDATE model_versions SET status = 'failed', data = data || '{"decision": "failed: abandoned (the worker stopped mid-training)"}'
       WHERE kind = $1 AND status = 'training' AND trained_at < now() - make_interval(secs => $2)`,
      [kind, olderThanMs / 1000],
    );
  }

  private async store(m: EntityManager, kind: ModelKind, version: number, status: ModelStatus, metrics: Record<string, number>, data: VersionData, artifact: Buffer | null): Promise<void> {
    // JSON has no NaN: a metric that could not be computed is stored as absent.
    const finite = Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
    await m.query(
      `UPDATE model_versions SET status = $3, metrics = $4, data = $5, artifact = $6, trained_at = now() WHERE kind = $1 AND version = $2`,
      [kind, version, status, JSON.stringify(finite), JSON.stringify(data), artifact],
    );
  }

  /** Frees the artifacts of old retired, rejected and failed versions (rows stay for history). */
  async collectGarbage(kind: ModelKind): Promise<number[]> {
    const rows: { version: number; status: ModelStatus; has_artifact: boolean }[] = await this.ds.query(
      `SELECT version, status, artifact IS NOT NULL AS has_artifact FROM model_versions WHERE kind = $1`,
      [kind],
    );
    const doomed = selectArtifactsToDelete(rows.map((r) => ({ version: Number(r.version), status: r.status, hasArtifact: r.has_artifact })), this.config.MODEL_KEEP_RETIRED);
    if (doomed.length) {
      await this.ds.query(`UPDATE model_versions SET artifact = NULL WHERE kind = $1 AND version = ANY($2::int[])`, [kind, doomed]);
      this.logger.log(`freed ${kind} artifacts of versions ${doomed.join(', ')}`);
    }
    return doomed;
  }

  /** Every version without artifacts, newest first, and the active version per kind. */
  async list(kind?: ModelKind): Promise<{ versions: ModelVersionView[]; active: Partial<Record<ModelKind, number>> }> {
    const rows: Row[] = await this.ds.query(
      `SELECT kind, version, status, params, metrics, data, trained_at, activated_at, artifact IS NOT NULL AS has_artifact
       FROM model_versions WHERE ($1::text IS NULL OR kind = $1) ORDER BY kind, version DESC`,
      [kind ?? null],
    );
    const active: Partial<Record<ModelKind, number>> = {};
    const versions = rows.map((r): ModelVersionView => {
      if (r.status === 'active') active[r.kind] = Number(r.version);
      const { decision, users, interactions, impressions } = r.data ?? ({} as VersionData);
      return {
        kind: r.kind,
        version: Number(r.version),
        status: r.status,
        params: r.params,
        metrics: r.metrics,
        data: { users: users ?? 0, interactions: interactions ?? 0, ...(impressions !== undefined ? { impressions } : {}) },
        trained_at: r.trained_at.toISOString(),
        activated_at: r.activated_at ? r.activated_at.toISOString() : null,
        decision: decision ?? null,
        has_artifact: r.has_artifact,
      };
    });
    return { versions, active };
  }
}

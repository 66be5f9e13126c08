import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ModelKind, ModelStatus } from '@app/contracts';

/** What the registry records about a version's training data (the jsonb `data` column). */
export interface ModelVersionData {
  users: number;
  interactions: number;
  impressions?: number;
  /** Highest interaction id loaded: "new interactions since this version" are those above it. */
  max_interaction_id: number;
  /** Last interaction time (epoch ms) the stored artifact was trained on. */
  cutoff_ms: number;
  /** Why it was activated or rejected (or why it failed), in words. */
  decision?: string;
  /** Which model the version is, for a kind with several: the ranker is 'learned' or 'bias-only'. */
  model?: string;
}

/**
 * One trained (or training) version of a model kind, as migration RecommendationSchema1764140000000
 * made the table: the trainer writes it, every serving instance reads the active one's artifact.
 */
@Entity({ name: 'model_versions' })
@Check('model_versions_status_check', `status IN ('training', 'rejected', 'active', 'retired', 'failed')`)
// At most one active version per kind: activation is a flip inside one transaction.
@Index('model_versions_one_active_idx', ['kind'], { unique: true, where: `status = 'active'` })
export class ModelVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: ModelKind;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  status: ModelStatus;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  params: Record<string, unknown>;

  /** Offline metrics on the held-out slice. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  metrics: Record<string, number>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: ModelVersionData;

  /**
   * The serialized model: null until trained, and once garbage collection freed it. Megabytes,
   * so a query reads it only when it asks for it.
   */
  @Column({ type: 'bytea', nullable: true, select: false })
  artifact: Buffer | null;

  @Column({ name: 'trained_at', type: 'timestamptz', default: () => 'now()' })
  trainedAt: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;
}

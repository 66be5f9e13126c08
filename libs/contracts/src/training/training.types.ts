/**
 * Contracts of the trainer and the model registry (owned by the training feature).
 * WARNING: subjects, queue and job names are wire contracts; add, never rename.
 */

import { Subjects } from '../subjects';

/** The BullMQ queue of the trainer. */
export const TRAINING_QUEUE = 'training';

/** Jobs of the training queue. */
export const TrainingJobs = {
  retrainEmbeddings: 'retrain-embeddings',
  checkIndexEmbeddings: 'check-index-embeddings',
  trainRanker: 'train-ranker',
  recomputeAggregates: 'recompute-aggregates',
  /** All of the above in order: what the schedule, the N-interactions trigger and refresh run. */
  fullRetrain: 'full-retrain',
} as const;
export type TrainingJobName = (typeof TrainingJobs)[keyof typeof TrainingJobs];

/** Kinds of versioned models in the registry. */
export type ModelKind = 'embeddings' | 'ranker';
export type ModelStatus = 'training' | 'rejected' | 'active' | 'retired' | 'failed';

/** A model version as the API shows it (artifact excluded). */
export interface ModelVersionView {
  kind: ModelKind;
  version: number;
  status: ModelStatus;
  params: Record<string, unknown>;
  /** Offline metrics on the held-out slice. */
  metrics: Record<string, number>;
  /** How much data it was trained on. */
  data: { users: number; interactions: number; impressions?: number };
  trained_at: string;
  activated_at: string | null;
  /** Why it was activated or rejected (or why it failed), in words. */
  decision?: string | null;
  /**
   * Which model the version is, for a kind with several: a ranker version is 'learned' or
   * 'bias-only' (the ranker did not beat the bias-only model on the held-out slice, so that serves).
   */
  model?: string | null;
  /** Whether its artifact is still stored (garbage collection frees old ones). */
  has_artifact?: boolean;
}

/** What a finished training job returns (the job's `result`). */
export interface TrainingJobResult {
  job: TrainingJobName;
  /** Per model kind: the version stored (if any), whether it went active, and why. */
  models: Partial<
    Record<
      ModelKind,
      { version: number | null; activated: boolean; skipped: boolean; reason: string; metrics?: Record<string, number> }
    >
  >;
  /** recompute-aggregates: users whose aggregates were written. */
  aggregates?: { users: number };
  /** check-index-embeddings: the active embeddings the candidate service indexes. */
  index?: { version: number | null; users: number; dim: number };
  seconds: Record<string, number>;
}

export interface JobStatusView {
  id: string;
  name: TrainingJobName;
  state: 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'prioritized' | 'waiting-children' | 'unknown';
  progress: number | Record<string, unknown>;
  attempts: number;
  logs: string[];
  result: unknown;
  failed_reason: string | null;
  created_at: string | null;
  finished_at: string | null;
}

type Rpc<Req, Rep> = { request: Req; reply: Rep };

/** Request and reply of each trainer subject. */
export type TrainingRpcs = {
  [Subjects.training.enqueue]: Rpc<{ job: TrainingJobName; reason: string }, { job_id: string; name: TrainingJobName }>;
  [Subjects.training.jobStatus]: Rpc<{ job_id: string }, JobStatusView>;
  [Subjects.training.versions]: Rpc<
    { kind?: ModelKind },
    { versions: ModelVersionView[]; active: Partial<Record<ModelKind, number>> }
  >;
};

/**
 * Messages between the trainer's main thread and the training worker thread. Training runs in a
 * worker so the main thread keeps answering NATS requests (job status, health pings) and renewing
 * BullMQ's job lock while seconds-long epochs run.
 */
import type { CollaborativeOverrides } from '@app/ml/embeddings/collaborative';

export type TrainedKind = 'embeddings' | 'ranker';

export interface EmbeddingsTask {
  /** Serialized active embeddings (re-scored on the new held-out slice), or null. */
  active: Uint8Array | null;
  /** Last interaction time the active embeddings saw: the slice is cut inside what came after. */
  activeCutoffMs: number | null;
  collaborative: CollaborativeOverrides;
  /** Passes over all data after the held-out snapshot (0: serve the snapshot). */
  refitEpochs: number;
}

export interface RankerTask {
  /** Serialized active ranker (JSON text), or null. */
  active: string | null;
  activeCutoffMs: number | null;
  maxRows: number;
  /** Share of the slice's swipes (the latest) that validate; its earlier rows train. */
  validationFraction: number;
  /** Options of the pre-slice embeddings that feed the slice rows' embedding features. */
  embeddingCollaborative: CollaborativeOverrides;
}

export interface TrainingWorkerRequest {
  databaseUrl: string;
  /** Interactions with a higher id are ignored: what the version records is what it saw. */
  maxInteractionId: number;
  /** Share of the interactions newer than the active version (all, when none) held out. */
  holdoutFraction: number;
  minHeldOut: number;
  embeddings: EmbeddingsTask | null;
  ranker: RankerTask | null;
}

/** What a model step produced: either nothing to learn from, or a candidate version. */
export type ModelResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      metrics: Record<string, number>;
      /** The primary metric of the candidate and of the active version on the same rows (null: none active). */
      primary: number;
      activePrimary: number | null;
      artifact: Uint8Array;
      /** `model`: which model the version is, when a kind has several (the ranker: learned or bias-only). */
      data: { users: number; interactions: number; impressions: number; cutoff_ms: number; model?: string };
    };

export type PipelineMessage =
  | { type: 'log'; message: string; kind: TrainedKind | 'load'; fraction: number | null }
  | { type: 'result'; kind: TrainedKind; result: ModelResult }
  | { type: 'error'; kind: TrainedKind | 'load'; message: string }
  | { type: 'done'; seconds: Record<string, number> };

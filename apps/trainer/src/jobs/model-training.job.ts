import { Injectable } from '@nestjs/common';
import type { ModelKind, TrainingJobResult } from '@app/contracts';
import { InteractionsRepository } from '@app/db';
import { decideActivation, PRIMARY_METRICS } from '@app/ml/training';
import type { CollaborativeOverrides } from '@app/ml/embeddings/collaborative';
import { TrainingWorkerError, TrainingWorker } from '../training-worker/training-worker.service';
import type { ModelResult, TrainingWorkerRequest } from '../training-worker/protocol';
import { ModelRegistry, type ActiveVersion, type VersionData } from '../registry/model-registry.service';
import { TrainerConfig } from '../trainer.config';
import { stepReport, type JobReport } from './job-report';

type ModelOutcome = NonNullable<TrainingJobResult['models']['embeddings']>;

/** Share of the ranker's held-out slice (its latest swipes) that validates; the slice's earlier rows train. */
const RANKER_SLICE_VALIDATION = 0.5;

/**
 * Trains the requested models: decides in the main thread what needs training (new interactions
 * since the last version), opens the versions, runs training in a worker thread, and applies
 * the registry rules to each model the moment its result arrives.
 */
@Injectable()
export class ModelTrainingJob {
  constructor(
    private readonly interactions: InteractionsRepository,
    private readonly registry: ModelRegistry,
    private readonly worker: TrainingWorker,
    private readonly config: TrainerConfig,
  ) {}

  embeddingOptions(): CollaborativeOverrides {
    const c = this.config;
    const logistic = { dim: c.EMBEDDING_DIMENSION, epochs: c.TRAINING_EPOCHS, negatives: c.TRAINING_NEGATIVES };
    return c.EMBEDDING_ALGORITHM === 'ials'
      ? {
          algorithm: 'ials',
          ials: { dim: c.EMBEDDING_DIMENSION, iterations: c.TRAINING_EPOCHS, seed: 1 },
          search: { budgetSeconds: c.EMBEDDING_SEARCH_SECONDS },
        }
      : { algorithm: 'logistic', logistic: { ...logistic, seed: 1, engine: 'typed' } };
  }

  private params(kind: ModelKind): Record<string, unknown> {
    const c = this.config;
    // holdout_fraction: of the interactions newer than the active version (of all when none is active).
    return kind === 'embeddings'
      ? {
          ...this.embeddingOptions(),
          holdout_fraction: c.TRAINING_HOLDOUT_FRACTION,
          refit_epochs: c.TRAINING_REFIT_EPOCHS,
          primary_metric: PRIMARY_METRICS.embeddings.name,
        }
      : {
          max_rows: c.RANKER_MAX_ROWS,
          holdout_fraction: c.TRAINING_HOLDOUT_FRACTION,
          validation_fraction: RANKER_SLICE_VALIDATION,
          primary_metric: PRIMARY_METRICS.ranker.name,
          embeddings: this.embeddingOptions(),
        };
  }

  async run(
    kinds: ModelKind[],
    report: JobReport,
    from: number,
    to: number,
    seconds: Record<string, number>,
  ): Promise<TrainingJobResult['models']> {
    const step = stepReport(report, from, to);
    const outcomes: TrainingJobResult['models'] = {};
    const maxInteractionId = await this.interactions.maxId();
    const open: Partial<Record<ModelKind, { version: number; active: ActiveVersion | null }>> = {};
    for (const kind of kinds) {
      const last = await this.registry.lastTrainedInteractionId(kind);
      if (last !== null && last >= maxInteractionId) {
        const reason = `skipped: no new interactions since the last version (max interaction id ${last})`;
        outcomes[kind] = { version: null, activated: false, skipped: true, reason };
        await step.log(`${kind} ${reason}`);
        continue;
      }
      const active = await this.registry.active(kind);
      open[kind] = { version: await this.registry.open(kind, this.params(kind)), active };
    }
    if (!open.embeddings && !open.ranker) return outcomes;

    const c = this.config;
    const request: TrainingWorkerRequest = {
      databaseUrl: c.DATABASE_URL,
      maxInteractionId,
      holdoutFraction: c.TRAINING_HOLDOUT_FRACTION,
      minHeldOut: c.TRAINING_MIN_HELD_OUT,
      embeddings: open.embeddings
        ? {
            active: open.embeddings.active?.artifact ?? null,
            activeCutoffMs: open.embeddings.active?.data.cutoff_ms ?? null,
            collaborative: this.embeddingOptions(),
            refitEpochs: c.TRAINING_REFIT_EPOCHS,
          }
        : null,
      ranker: open.ranker
        ? {
            active: open.ranker.active?.artifact?.toString('utf8') ?? null,
            activeCutoffMs: open.ranker.active?.data.cutoff_ms ?? null,
            maxRows: c.RANKER_MAX_ROWS,
            validationFraction: RANKER_SLICE_VALIDATION,
            embeddingCollaborative: this.embeddingOptions(),
          }
        : null,
    };
    // Progress: embeddings take the first 70% of the step when both train (two fits), the ranker the rest.
    const span = {
      embeddings: open.ranker ? [0, 0.7] : [0, 1],
      ranker: open.embeddings ? [0.7, 1] : [0, 1],
      load: [0, 0],
    } as const;
    try {
      const timing = await this.worker.run(request, {
        log: (kind, message, fraction) => {
          const [a, b] = span[kind];
          if (fraction !== null) void step.at(a + (b - a) * fraction);
          void step.log(`${kind}: ${message}`);
        },
        result: async (kind, result) => {
          outcomes[kind] = await this.store(kind, open[kind]!.version, open[kind]!.active, result, maxInteractionId);
          await step.log(`${kind} v${open[kind]!.version} ${outcomes[kind]!.reason}`);
        },
      });
      Object.assign(
        seconds,
        Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
      );
    } catch (err) {
      const message = (err as Error).message;
      // Versions without a result yet failed with the training run; those stored stay as they are.
      for (const kind of kinds)
        if (open[kind] && !outcomes[kind])
          await this.registry.fail(
            kind,
            open[kind]!.version,
            err instanceof TrainingWorkerError ? `${err.kind}: ${message}` : message,
          );
      throw err;
    }
    await step.at(1);
    return outcomes;
  }

  private async store(
    kind: ModelKind,
    version: number,
    active: ActiveVersion | null,
    result: ModelResult,
    maxInteractionId: number,
  ): Promise<ModelOutcome> {
    if (result.skipped) {
      await this.registry.discard(kind, version);
      return { version: null, activated: false, skipped: true, reason: `skipped: ${result.reason}` };
    }
    const decision = decideActivation(PRIMARY_METRICS[kind], result.primary, result.activePrimary);
    const data: VersionData = {
      ...result.data,
      max_interaction_id: maxInteractionId,
      decision: `${decision.activate ? 'activated' : 'rejected'}: ${decision.reason}`,
    };
    const record = {
      metrics: result.metrics,
      data,
      artifact: Buffer.from(result.artifact.buffer, result.artifact.byteOffset, result.artifact.byteLength),
    };
    if (!decision.activate) {
      await this.registry.reject(kind, version, record);
      return { version, activated: false, skipped: false, reason: data.decision!, metrics: result.metrics };
    }
    const activated = await this.registry.activate(kind, version, active?.version ?? null, record);
    return {
      version,
      activated,
      skipped: false,
      reason: activated ? data.decision! : 'rejected: another version was activated meanwhile',
      metrics: result.metrics,
    };
  }
}

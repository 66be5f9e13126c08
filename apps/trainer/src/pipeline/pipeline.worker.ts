/**
 * Entry point of the pipeline worker thread (compiled to dist and started by PipelineRunner).
 * Imports are relative, not @app aliases: a worker thread does not inherit the alias hook the
 * main thread registered. It loads the data, trains what it was asked to, and posts each model's
 * result as soon as it exists, so a later failure does not lose an earlier model.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deserializeEmbeddings, serializeEmbeddings } from '../../../../libs/ml/src/embeddings/serialize';
import type { EmbeddingModel } from '../../../../libs/ml/src/embeddings/model';
import { deserializeRanker, serializeRanker } from '../../../../libs/ml/src/ranker/model';
import type { RankerModel } from '../../../../libs/ml/src/ranker/model';
import { fitHeldOut, runEmbeddingsPipeline, runRankerPipeline, type HeldOutFit, type TrainingData } from '../../../../libs/ml/src/training';
import { loadTrainingData } from './load-training-data';
import type { PipelineMessage, PipelineRequest, TrainedKind } from './protocol';

const post = (m: PipelineMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);
const log = (kind: TrainedKind | 'load', message: string, fraction: number | null = null): void => post({ type: 'log', kind, message, fraction });

async function embeddingsStep(req: PipelineRequest, data: TrainingData): Promise<HeldOutFit | null> {
  const task = req.embeddings!;
  let active: EmbeddingModel | null = null;
  try {
    active = task.active ? deserializeEmbeddings(Buffer.from(task.active.buffer, task.active.byteOffset, task.active.byteLength)) : null;
  } catch (err) {
    log('embeddings', `active embeddings unreadable (${(err as Error).message}): they will be replaced`);
  }
  const out = await runEmbeddingsPipeline(data, { model: active, cutoffMs: task.activeCutoffMs }, {
    train: task.train,
    holdoutFraction: req.holdoutFraction,
    minHeldOut: req.minHeldOut,
    refitEpochs: task.refitEpochs,
    onProgress: (m, f) => log('embeddings', m, f),
  });
  if ('skipped' in out) {
    post({ type: 'result', kind: 'embeddings', result: out });
    return null;
  }
  const m = out.heldOut.metrics;
  const activePrimary = task.active ? (out.activeMetrics?.auc ?? NaN) : null;
  const artifact = serializeEmbeddings(out.model);
  const metrics = { ...m, held_out: out.heldOut.plan.heldOut, ...(activePrimary !== null ? { active_auc: activePrimary } : {}) };
  const data_ = { users: data.userIds.length, interactions: data.swipes.length, impressions: data.impressions.length, cutoff_ms: out.dataCutoffMs };
  post({ type: 'result', kind: 'embeddings', result: { skipped: false, metrics, primary: m.auc, activePrimary, artifact, data: data_ } });
  return out.heldOut;
}

async function rankerStep(req: PipelineRequest, data: TrainingData, preSlice: HeldOutFit | null): Promise<void> {
  const task = req.ranker!;
  let active: RankerModel | null = null;
  try {
    active = task.active ? deserializeRanker(task.active) : null;
  } catch (err) {
    log('ranker', `active ranker not usable (${(err as Error).message}): it will be replaced`);
  }
  let fit = preSlice;
  // The embedding features must come from a model that saw neither the rows nor what the active ranker saw.
  if (!fit || (task.activeCutoffMs !== null && fit.plan.cutoffMs < task.activeCutoffMs)) {
    log('ranker', 'fitting pre-slice embeddings for the embedding features');
    const r = await fitHeldOut(data, task.activeCutoffMs, {
      train: task.embeddingTrain,
      holdoutFraction: req.holdoutFraction,
      minHeldOut: req.minHeldOut,
      refitEpochs: 0,
      onProgress: (m, f) => log('ranker', m, f * 0.6),
    });
    if ('skipped' in r) {
      post({ type: 'result', kind: 'ranker', result: r });
      return;
    }
    fit = r;
  }
  log('ranker', `building ranker rows after ${new Date(fit.plan.cutoffMs).toISOString()}`, 0.6);
  const out = await runRankerPipeline(data, fit.plan.cutoffMs, fit.model, active, { epochs: task.epochs, validationFraction: task.validationFraction, maxRows: task.maxRows, minRows: req.minHeldOut, seed: 1 });
  if ('skipped' in out) {
    post({ type: 'result', kind: 'ranker', result: out });
    return;
  }
  const activePrimary = task.active ? (out.activeMetrics?.auc ?? NaN) : null;
  const metrics = {
    auc: out.metrics.auc, log_loss: out.metrics.logLoss, validation_rows: out.metrics.n, validation_positives: out.metrics.positives,
    training_rows: out.rows.total - out.rows.validation, ...(activePrimary !== null ? { active_auc: activePrimary } : {}),
  };
  const artifact = new TextEncoder().encode(serializeRanker(out.model));
  const data_ = { users: data.userIds.length, interactions: out.rows.swipes, impressions: out.rows.impressions, cutoff_ms: data.swipes[data.swipes.length - 1].ts };
  post({ type: 'result', kind: 'ranker', result: { skipped: false, metrics, primary: out.metrics.auc, activePrimary, artifact, data: data_ } });
}

async function main(req: PipelineRequest): Promise<void> {
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  let stage: TrainedKind | 'load' = 'load';
  try {
    const data = await loadTrainingData(req.databaseUrl, req.maxInteractionId);
    seconds.load = (performance.now() - t0) / 1000;
    log('load', `loaded ${data.userIds.length} users, ${data.swipes.length} interactions, ${data.impressions.length} impressions in ${seconds.load.toFixed(1)} s`);
    let preSlice: HeldOutFit | null = null;
    if (req.embeddings) {
      stage = 'embeddings';
      const t = performance.now();
      preSlice = await embeddingsStep(req, data);
      seconds.embeddings = (performance.now() - t) / 1000;
    }
    if (req.ranker) {
      stage = 'ranker';
      const t = performance.now();
      await rankerStep(req, data, preSlice);
      seconds.ranker = (performance.now() - t) / 1000;
    }
    post({ type: 'done', seconds });
  } catch (err) {
    post({ type: 'error', kind: stage, message: (err as Error).message });
  }
}

if (parentPort) void main(workerData as PipelineRequest);

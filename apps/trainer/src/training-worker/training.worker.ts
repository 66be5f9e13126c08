/**
 * Entry point of the training worker thread (compiled to dist and started by TrainingWorker).
 * It loads the data, trains what it was asked to, and posts each model's result as soon as it
 * exists, so a later failure does not lose an earlier model.
 */
// First: a worker thread does not inherit the main thread's @app alias hook (see worker-aliases).
import './worker-aliases';
import { parentPort, workerData } from 'node:worker_threads';
import { deserializeEmbeddings, serializeEmbeddings } from '@app/ml/embeddings/serialize';
import type { EmbeddingModel } from '@app/ml/embeddings/model';
import { deserializeRanker, serializeRanker } from '@app/ml/ranker/model';
import type { RankerModel } from '@app/ml/ranker/model';
import {
  describeSlice,
  fitHeldOut,
  leftOutPairs,
  planSlice,
  RANKER_EMBEDDING_ROWS,
  PRIMARY_METRICS,
  fitEmbeddings,
  fitRanker,
  type EmbeddingEvalMetrics,
  type HeldOutFit,
  type TrainingData,
} from '@app/ml/training';
import { loadTrainingData } from './load-training-data';
import type { PipelineMessage, TrainingWorkerRequest, TrainedKind } from './protocol';

/** The pairs the pre-slice embeddings leave out, for honest embedding features (the same in both steps). */
const LEFT_OUT = leftOutPairs(RANKER_EMBEDDING_ROWS, 1);

const post = (m: PipelineMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);
const log = (kind: TrainedKind | 'load', message: string, fraction: number | null = null): void =>
  post({ type: 'log', kind, message, fraction });

/** The metrics of an embedding model as stored, the active model's under an `active_` prefix. */
function embeddingMetrics(m: EmbeddingEvalMetrics, prefix = ''): Record<string, number> {
  return Object.fromEntries(
    Object.entries(m)
      .filter(([k]) => !prefix || !k.startsWith('eval_'))
      .map(([k, v]) => [prefix + k, v]),
  );
}

async function embeddingsStep(req: TrainingWorkerRequest, data: TrainingData): Promise<HeldOutFit | null> {
  const task = req.embeddings!;
  let active: EmbeddingModel | null = null;
  try {
    active = task.active
      ? deserializeEmbeddings(Buffer.from(task.active.buffer, task.active.byteOffset, task.active.byteLength))
      : null;
  } catch (err) {
    log('embeddings', `active embeddings unreadable (${(err as Error).message}): they will be replaced`);
  }
  const out = await fitEmbeddings(
    data,
    { model: active, cutoffMs: task.activeCutoffMs },
    {
      collaborative: task.collaborative,
      holdoutFraction: req.holdoutFraction,
      minHeldOut: req.minHeldOut,
      refitEpochs: task.refitEpochs,
      leftOut: LEFT_OUT,
      onProgress: (m, f) => log('embeddings', m, f),
    },
  );
  if ('skipped' in out) {
    post({ type: 'result', kind: 'embeddings', result: out });
    return null;
  }
  const m = out.heldOut.metrics;
  const primary = PRIMARY_METRICS.embeddings.name as keyof EmbeddingEvalMetrics;
  // An active version whose artifact could not be read counts as not scorable (it is replaced).
  const activePrimary = task.active ? (out.activeMetrics?.[primary] ?? NaN) : null;
  const artifact = serializeEmbeddings(out.model);
  const chosen = out.heldOut.choice.setting;
  const metrics = {
    ...embeddingMetrics(m),
    ...(chosen
      ? { ials_alpha: chosen.alpha, ials_reg: chosen.reg, ials_trials: out.heldOut.choice.trials.length }
      : {}),
    held_out: out.heldOut.plan.heldOut,
    new_before_slice: out.heldOut.plan.newBeforeSlice,
    ...(out.activeMetrics
      ? embeddingMetrics(out.activeMetrics, 'active_')
      : activePrimary !== null
        ? { [`active_${primary}`]: NaN }
        : {}),
  };
  const data_ = {
    users: data.userIds.length,
    interactions: data.swipes.length,
    impressions: data.impressions.length,
    cutoff_ms: out.dataCutoffMs,
  };
  post({
    type: 'result',
    kind: 'embeddings',
    result: { skipped: false, metrics, primary: m[primary], activePrimary, artifact, data: data_ },
  });
  return out.heldOut;
}

async function rankerStep(req: TrainingWorkerRequest, data: TrainingData, preSlice: HeldOutFit | null): Promise<void> {
  const task = req.ranker!;
  let active: RankerModel | null = null;
  try {
    active = task.active ? deserializeRanker(task.active) : null;
  } catch (err) {
    log('ranker', `active ranker not usable (${(err as Error).message}): it will be replaced`);
  }
  // The ranker's own slice: the latest fraction of what the active ranker never saw.
  const plan = planSlice(data, task.activeCutoffMs, req);
  if ('skipped' in plan) {
    post({ type: 'result', kind: 'ranker', result: plan });
    return;
  }
  log('ranker', describeSlice(plan), 0);
  // The embedding features come from the pre-slice model, which left a random share of pairs out:
  // the embeddings step's snapshot when the two slices agree, else one fitted here.
  let sliceModel = preSlice && preSlice.plan.cutoffMs === plan.cutoffMs ? preSlice.model : null;
  if (!sliceModel) {
    log('ranker', 'fitting embeddings on the data before the slice, for the embedding features');
    const fit = await fitHeldOut(data, task.activeCutoffMs, {
      collaborative: task.embeddingCollaborative,
      holdoutFraction: req.holdoutFraction,
      minHeldOut: req.minHeldOut,
      refitEpochs: 0,
      leftOut: LEFT_OUT,
      onProgress: (m, f) => log('ranker', m, f * 0.6),
    });
    if ('skipped' in fit) {
      post({ type: 'result', kind: 'ranker', result: fit });
      return;
    }
    sliceModel = fit.model;
  }
  log(
    'ranker',
    `building ranker rows: the history and the slice's first part train, its latest ${task.validationFraction} validates`,
    0.6,
  );
  const out = await fitRanker(
    data,
    plan.cutoffMs,
    { model: sliceModel, trainedUntilMs: plan.cutoffMs, leftOut: LEFT_OUT },
    active,
    { validationFraction: task.validationFraction, maxRows: task.maxRows, minRows: req.minHeldOut },
  );
  if ('skipped' in out) {
    post({ type: 'result', kind: 'ranker', result: out });
    return;
  }
  const t = out.tuning;
  log(
    'ranker',
    `trained on ${out.rows.training} rows, validated on ${out.rows.validation} held-out swipes (${out.rows.withEmbeddings} rows in all with embedding features); ` +
      `tuned l2 ${t.l2}, class weighting ${t.classWeighting}; AUC learned ${out.learnedMetrics.auc.toFixed(4)} vs bias-only ${out.biasMetrics.auc.toFixed(4)}: ${out.kind} serves`,
    0.95,
  );
  const activePrimary = task.active ? (out.activeMetrics?.auc ?? NaN) : null;
  const metrics = {
    auc: out.metrics.auc,
    log_loss: out.metrics.logLoss,
    calibration_error: out.metrics.calibrationError,
    learned_auc: out.learnedMetrics.auc,
    bias_auc: out.biasMetrics.auc,
    learned_log_loss: out.learnedMetrics.logLoss,
    bias_log_loss: out.biasMetrics.logLoss,
    l2: t.l2,
    balanced_classes: t.classWeighting === 'balanced' ? 1 : 0,
    validation_rows: out.metrics.n,
    validation_positives: out.metrics.positives,
    training_rows: out.rows.training,
    held_out: plan.heldOut,
    new_before_slice: plan.newBeforeSlice,
    ...(activePrimary !== null
      ? { active_auc: activePrimary, active_log_loss: out.activeMetrics?.logLoss ?? NaN }
      : {}),
  };
  const artifact = new TextEncoder().encode(serializeRanker(out.model));
  const data_ = {
    users: data.userIds.length,
    interactions: out.rows.swipes,
    impressions: out.rows.impressions,
    cutoff_ms: data.swipes[data.swipes.length - 1].ts,
    model: out.kind,
  };
  post({
    type: 'result',
    kind: 'ranker',
    result: { skipped: false, metrics, primary: out.metrics.auc, activePrimary, artifact, data: data_ },
  });
}

async function main(req: TrainingWorkerRequest): Promise<void> {
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  let stage: TrainedKind | 'load' = 'load';
  try {
    const data = await loadTrainingData(req.databaseUrl, req.maxInteractionId);
    seconds.load = (performance.now() - t0) / 1000;
    log(
      'load',
      `loaded ${data.userIds.length} users, ${data.swipes.length} interactions, ${data.impressions.length} impressions in ${seconds.load.toFixed(1)} s`,
    );
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

if (parentPort) void main(workerData as TrainingWorkerRequest);

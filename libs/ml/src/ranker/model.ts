/**
 * The logistic-regression ranker as stored and served: weights over standardised features.
 * Serving needs no TensorFlow: prediction is a dot product in plain TypeScript.
 */
import { explainContributions } from '../features/explain';
import type { Contribution } from '../features/explain';
import { FEATURE_NAMES } from '../features/names';

export const RANKER_FORMAT = 'logistic-ranker';
/** 2: the like rates became smoothed log-odds (like_rate_*_logit). */
export const RANKER_FORMAT_VERSION = 2;
const { exp } = Math;

/** Held-out quality of a ranker. */
export interface RankerMetrics {
  auc: number;
  logLoss: number;
  /** Expected calibration error (metrics.ts calibrationError). */
  calibrationError: number;
  n: number;
  positives: number;
}

/** A trained ranker: p = σ(bias + Σ weights[j]·(x[j] - means[j]) / stds[j]). */
export interface RankerModel {
  featureNames: string[];
  means: Float32Array;
  stds: Float32Array;
  weights: Float32Array;
  bias: number;
  /** Metrics on the held-out slice it was trained with, if any. */
  metrics: RankerMetrics | null;
}

/** The vectors to score: one array per row, or one flat row-major array. */
export type FeatureRows = readonly ArrayLike<number>[] | Float32Array;

/** Number of rows and a reader of (row, feature) for either layout. */
export function rowReader(rows: FeatureRows, nFeatures: number): { n: number; at: (r: number, j: number) => number } {
  if (rows instanceof Float32Array) {
    if (rows.length % nFeatures !== 0)
      throw new Error(`flat feature array of ${rows.length} is not a multiple of ${nFeatures}`);
    return { n: rows.length / nFeatures, at: (r, j) => rows[r * nFeatures + j] };
  }
  for (const row of rows)
    if (row.length !== nFeatures) throw new Error(`feature vector of length ${row.length}, expected ${nFeatures}`);
  return { n: rows.length, at: (r, j) => rows[r][j] };
}

/** The logit (log-odds) of each row. */
export function rankerLogits(model: RankerModel, rows: FeatureRows): Float32Array {
  const f = model.featureNames.length;
  const { n, at } = rowReader(rows, f);
  const out = new Float32Array(n);
  const { means, stds, weights } = model;
  for (let r = 0; r < n; r++) {
    let z = model.bias;
    for (let j = 0; j < f; j++) z += (weights[j] * (at(r, j) - means[j])) / stds[j];
    out[r] = z;
  }
  return out;
}

/** Like probabilities of each row, computed from the stored weights (no TensorFlow). */
export function predict(model: RankerModel, rows: FeatureRows): Float32Array {
  const z = rankerLogits(model, rows);
  for (let i = 0; i < z.length; i++) z[i] = z[i] >= 0 ? 1 / (1 + exp(-z[i])) : exp(z[i]) / (1 + exp(z[i]));
  return z;
}

/**
 * Feature j's contribution to one row's logit: the very number rankerContributions reports for
 * it (the standardised value rounded to float32 as there), without computing the others.
 */
export function rankerContributionAt(model: RankerModel, vector: ArrayLike<number>, j: number): number {
  return model.weights[j] * Math.fround((vector[j] - model.means[j]) / model.stds[j]);
}

/** Per-feature contributions to one row's logit, on the standardised scale the weights live on. */
export function rankerContributions(model: RankerModel, vector: ArrayLike<number>): Contribution[] {
  const f = model.featureNames.length;
  if (vector.length !== f) throw new Error(`feature vector of length ${vector.length}, expected ${f}`);
  const standardised = Float32Array.from({ length: f }, (_, j) => (vector[j] - model.means[j]) / model.stds[j]);
  return explainContributions(model.weights, standardised, model.featureNames);
}

interface RankerJson {
  format: string;
  version: number;
  featureNames: string[];
  means: number[];
  stds: number[];
  weights: number[];
  bias: number;
  metrics: RankerMetrics | null;
}

/** JSON text of the model, with its format version and feature list. */
export function serializeRanker(model: RankerModel): string {
  const json: RankerJson = {
    format: RANKER_FORMAT,
    version: RANKER_FORMAT_VERSION,
    featureNames: [...model.featureNames],
    means: Array.from(model.means),
    stds: Array.from(model.stds),
    weights: Array.from(model.weights),
    bias: model.bias,
    metrics: model.metrics,
  };
  return JSON.stringify(json);
}

/** Parses a serialized ranker, refusing another format, version or feature list than `expectedFeatures`. */
export function deserializeRanker(text: string, expectedFeatures: readonly string[] = FEATURE_NAMES): RankerModel {
  const json = JSON.parse(text) as Partial<RankerJson>;
  if (json.format !== RANKER_FORMAT) throw new Error(`not a ranker artifact (format ${String(json.format)})`);
  if (json.version !== RANKER_FORMAT_VERSION) throw new Error(`unsupported ranker version ${String(json.version)}`);
  const names = json.featureNames ?? [];
  const mismatch = names.length !== expectedFeatures.length ? -1 : names.findIndex((n, i) => n !== expectedFeatures[i]);
  if (names.length !== expectedFeatures.length || mismatch >= 0) {
    const where =
      mismatch >= 0
        ? `first difference at ${mismatch}: ${names[mismatch]} vs ${expectedFeatures[mismatch]}`
        : `${names.length} vs ${expectedFeatures.length} features`;
    throw new Error(`ranker was trained on another feature list (${where})`);
  }
  const f = names.length;
  for (const key of ['means', 'stds', 'weights'] as const) {
    const arr = json[key];
    if (!Array.isArray(arr) || arr.length !== f || arr.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new Error(`ranker ${key} must be ${f} finite numbers`);
  }
  if (typeof json.bias !== 'number' || !Number.isFinite(json.bias))
    throw new Error('ranker bias must be a finite number');
  if (json.stds!.some((s) => !(s > 0))) throw new Error('ranker stds must be positive');
  return {
    featureNames: [...names],
    means: Float32Array.from(json.means!),
    stds: Float32Array.from(json.stds!),
    weights: Float32Array.from(json.weights!),
    bias: json.bias,
    metrics: json.metrics ?? null,
  };
}

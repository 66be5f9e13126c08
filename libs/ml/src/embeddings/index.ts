export * from './model';
export * from './train';
export * from './training-set';
export * from './serialize';
export { embeddingBatchLoss, embeddingHandGradients } from './train-tfjs';
export type { EmbeddingParams, EmbeddingBatch, EmbeddingGradients } from './train-tfjs';
export * from './planted';

/** The ANN index layer: one interface, the hnsw / faiss / exact backends, and test-data helpers. */
export * from './ann-index';
export * from './create-ann-index';
export { ExactIndex } from './exact-index';
export { HnswIndex, HNSW_DEFAULTS, type HnswOptions } from './hnsw-index';
export { FaissIndex, type FaissOptions } from './faiss-index';
export { isFaissAvailable, faissUnavailableReason } from './faiss-loader';

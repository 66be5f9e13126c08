/**
 * faiss-node is optional: it is built by scripts/install-faiss.sh against the system's FAISS
 * and is absent from package.json, so a machine without it still compiles, installs and runs.
 * It is therefore loaded with a plain require inside try/catch, and typed here by hand.
 */

/** The part of a faiss-node index we use (see faiss-node's lib/index.d.ts). */
export interface FaissNativeIndex {
  ntotal(): number;
  getDimension(): number;
  add(x: number[]): void;
  search(x: number[], k: number): { distances: number[]; labels: number[] };
  toBuffer(): Buffer;
  isTrained(): boolean;
}

export interface FaissModule {
  IndexFlatIP: { new (d: number): FaissNativeIndex; fromBuffer(b: Buffer): FaissNativeIndex };
  Index: {
    fromFactory(dims: number, descriptor: string, metric?: number): FaissNativeIndex;
    fromBuffer(b: Buffer): FaissNativeIndex;
  };
  MetricType: { METRIC_INNER_PRODUCT: number };
}

let loaded: FaissModule | null | undefined;
let failure = '';

/** The faiss-node module, or null when it is not installed or its native part does not load. */
export function loadFaiss(): FaissModule | null {
  if (loaded === undefined) {
    try {
      // A dynamic require, so that TypeScript and bundlers never need the package to exist.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('faiss-node') as FaissModule;
    } catch (err) {
      loaded = null;
      failure = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
  }
  return loaded;
}

/** True when the FAISS backend can be used on this machine. */
export function isFaissAvailable(): boolean {
  return loadFaiss() !== null;
}

/** Why faiss-node could not be loaded ('' when it could, or before the first attempt). */
export function faissUnavailableReason(): string {
  loadFaiss();
  return failure;
}

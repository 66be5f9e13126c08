/**
 * faiss-node is optional: it is built by scripts/install-faiss.sh against the system's FAISS
 * and is absent from package.json, so a machine without it still compiles, installs and runs.
 * It is therefore loaded with a plain require inside try/catch, and typed here by hand.
 *
 * The script installs it into node_modules/.faiss (a private npm prefix) rather than next to
 * the real dependencies: npm treats a package it did not record as extraneous and deletes it
 * on the next `npm install <anything>`, while it leaves dot-directories in node_modules alone.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where scripts/install-faiss.sh puts faiss-node, relative to the repository root. */
export const FAISS_PRIVATE_DIR = join('node_modules', '.faiss', 'node_modules', 'faiss-node');

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
      const path = findPrivateInstall() ?? 'faiss-node';
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(path) as FaissModule;
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

/** The private install above this file (source or dist tree), if there is one. */
function findPrivateInstall(): string | null {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, FAISS_PRIVATE_DIR);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

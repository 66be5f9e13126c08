/**
 * One place that chooses the TensorFlow.js backend for training.
 *
 * Order: tfjs-node ('tensorflow', native, fastest) when it happens to be installed, else wasm
 * (ships its .wasm files inside the package, so it works offline), else the pure-JS cpu backend.
 * tfjs-node is never a dependency (its install script needs the internet, DEPENDENCIES.md), so
 * it is only ever probed with a dynamic require that tolerates its absence.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<TfBackendName> | null = null;

/** Directory (with trailing separator) holding the wasm binaries inside node_modules. */
export function wasmBinaryDir(): string {
  // Resolve the package's own file rather than guessing a node_modules layout (hoisting varies).
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return path.dirname(wasmFile) + path.sep;
}

function tryNativeBackend(): boolean {
  // A computed module name keeps bundlers and TypeScript from treating it as a dependency.
  const nativeModule = ['@tensorflow', 'tfjs-node'].join('/');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, loaded only if installed
    require(nativeModule);
  } catch {
    return false;
  }
  return tf.findBackend('tensorflow') != null;
}

async function pick(): Promise<TfBackendName> {
  if (tryNativeBackend() && (await tf.setBackend('tensorflow'))) return 'tensorflow';
  try {
    setWasmPaths(wasmBinaryDir());
    if (await tf.setBackend('wasm')) return 'wasm';
  } catch {
    // Fall through: a broken wasm install must degrade to cpu, not stop training.
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('no TensorFlow.js backend could be initialised');
  return 'cpu';
}

/** Selects the fastest available TensorFlow.js backend once and returns its name (idempotent). */
export function initTf(): Promise<TfBackendName> {
  if (!chosen) {
    chosen = pick().then(async (name) => {
      await tf.ready();
      return name;
    });
    // A failed initialisation must not be cached forever: let the next call retry.
    chosen.catch(() => {
      chosen = null;
    });
  }
  return chosen;
}

/**
 * Makes `name` the active backend until `fn` settles, then restores the chosen one. Tests use
 * it to run tf's automatic gradient of `gather` on cpu (wasm lacks UnsortedSegmentSum).
 */
export async function withTfBackend<T>(name: TfBackendName, fn: () => Promise<T> | T): Promise<T> {
  const restore = await initTf();
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js backend ${name} is not available`);
  try {
    return await fn();
  } finally {
    await tf.setBackend(restore);
  }
}

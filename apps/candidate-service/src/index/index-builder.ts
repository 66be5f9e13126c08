import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadAnnIndex, type AnnIndex } from '@app/ml/ann';
import type { IndexBuildInput } from './build-index';

/**
 * Builds the index in a worker thread and loads the result here. Loading the serialized graph
 * is a memory copy (a fraction of a second at 100k users), the only part on the main thread.
 */
export function buildIndexInWorker(input: IndexBuildInput, efSearch?: number): Promise<AnnIndex> {
  return new Promise((resolve, reject) => {
    // The compiled worker sits next to this file in dist/.
    const worker = new Worker(join(__dirname, 'index-build.worker.js'), { workerData: input });
    let settled = false;
    worker.once('message', (msg: { ok: true; bytes: ArrayBuffer } | { ok: false; error: string }) => {
      settled = true;
      if (!msg.ok) return reject(new Error(`index build failed in worker: ${msg.error}`));
      try {
        resolve(loadAnnIndex(Buffer.from(msg.bytes), { efSearch }));
      } catch (err) {
        reject(err as Error);
      }
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`index build worker exited with code ${code} before answering`));
    });
  });
}

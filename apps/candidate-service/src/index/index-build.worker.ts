/**
 * Worker thread entry: builds an ANN index off the main thread and sends back its serialized
 * bytes. An hnsw build over 100k users takes tens of seconds of native CPU; on the main thread
 * it would stall every request for that long, here requests keep being served by the old index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type IndexBuildInput } from './build-index';

const input = workerData as IndexBuildInput;
try {
  const bytes = buildIndex(input).toBuffer();
  // A standalone ArrayBuffer can be transferred (moved) instead of copied to the main thread.
  const out = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  parentPort!.postMessage({ ok: true, bytes: out }, [out]);
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
}

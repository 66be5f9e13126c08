/**
 * A private nats-server with JetStream for the bench's stack. The shared server on :4222 would
 * work, but there the bench's services would join the queue groups of anyone else's running
 * stack (answering their requests, and they ours) and share the RECSYS_EVENTS stream and its
 * durable consumers. A private server keeps both sides apart, as the tests do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, natsServerBinary } from '../cli/local-services';
import { onCleanup, spawnTracked } from './children';

export { freePort };
import { waitFor } from './wait';

/** Starts the server; it is stopped and its store removed by the bench's clean-up (or `stop`). */
export async function startPrivateNats(): Promise<{ url: string; pid: number | undefined; stop: () => Promise<void> }> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'recsys-bench-nats-'));
  const removeStore = onCleanup('nats store', () => rmSync(storeDir, { recursive: true, force: true }));
  const { child, stop } = spawnTracked(
    'nats-server',
    natsServerBinary(),
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    { stdio: 'ignore' },
  );
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const { connect } = await import('@nats-io/transport-node');
      const nc = await connect({ servers: url, reconnect: false });
      await nc.close();
    },
    15_000,
    `nats-server on ${url}`,
  );
  return {
    url,
    // Its CPU is measured under load (process-cpu.ts).
    pid: child.pid,
    stop: async () => {
      await stop();
      await removeStore();
    },
  };
}

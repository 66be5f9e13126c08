/**
 * A private nats-server with JetStream for the bench's stack. The shared server on :4222 would
 * work, but there the bench's services would join the queue groups of anyone else's running
 * stack (answering their requests, and they ours) and share the RECSYS_EVENTS stream and its
 * durable consumers. A private server keeps both sides apart, as the tests do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, spawnTracked } from './children';
import { waitFor } from './wait';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function natsServerBinary(): string {
  for (const c of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) if (c && existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('nats-server not found: install the nats-server package or set NATS_SERVER_BIN');
}

/** Starts the server; it is stopped and its store removed by the bench's clean-up (or `stop`). */
export async function startPrivateNats(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'recsys-bench-nats-'));
  const removeStore = onCleanup('nats store', () => rmSync(storeDir, { recursive: true, force: true }));
  const { stop } = spawnTracked('nats-server', natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(async () => {
    const { connect } = await import('@nats-io/transport-node');
    const nc = await connect({ servers: url, reconnect: false });
    await nc.close();
  }, 15_000, `nats-server on ${url}`);
  return {
    url,
    stop: async () => {
      await stop();
      await removeStore();
    },
  };
}

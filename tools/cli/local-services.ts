/**
 * Helpers for starting private copies of the local services, shared by the tools (the bench)
 * and the test support (tools do not import from test/; tests may import from tools/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

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

/** The nats-server binary: NATS_SERVER_BIN, the Debian package's paths, or the PATH. */
export function natsServerBinary(): string {
  for (const c of [
    process.env.NATS_SERVER_BIN,
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    '/usr/local/bin/nats-server',
  ])
    if (c && existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('nats-server not found: install Debian package nats-server or set NATS_SERVER_BIN');
}

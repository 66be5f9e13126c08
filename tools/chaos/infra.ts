/**
 * The chaos run's own backing services, each restartable on the same port with the same data:
 * a PostgreSQL cluster in a temporary directory (initdb, pg_ctl), a redis-server without
 * persistence (a restart loses everything, which the feature store must rebuild), and a
 * nats-server with JetStream on a store directory that survives its restarts. Everything is
 * stopped and removed by the run's clean-up (tools/bench/children.ts).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { freePort, natsServerBinary } from '../cli/local-services';
import { onCleanup, spawnTracked } from '../bench/children';
import { waitFor } from '../bench/wait';

/** A backing service the run can kill and start again. */
export interface Restartable {
  url: string;
  /** Kills it (SIGKILL, or PostgreSQL's immediate shutdown: a crash, no clean-up). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data, and resolves once it answers. */
  start(): Promise<void>;
}

/** Where Debian keeps PostgreSQL's server binaries (initdb, pg_ctl): the newest version's. */
function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'pg_ctl'))) return join(root, v, 'bin');
  throw new Error(`no PostgreSQL server binaries under ${root} (Debian's postgresql package installs them)`);
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to and runs as `postgres`. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** SIGKILL, as a crash would; then unregisters it from the clean-up. */
export async function killTracked(
  child: ReturnType<typeof spawnTracked>['child'] | null,
  stop: (() => Promise<void>) | null,
): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  await stop?.();
}

export async function startPostgres(): Promise<Restartable> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'recsys-chaos-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const [command, argv] = asPostgres(join(bin, tool), args);
    execFileSync(command, argv, { stdio: 'ignore' });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=on`;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
    await waitFor(
      async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.end();
      },
      30_000,
      `PostgreSQL on ${port}`,
    );
  };
  const kill = async () => run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
  onCleanup('chaos postgres', () => {
    try {
      kill();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });
  await start();
  return { url, kill, start };
}

export async function startRedis(): Promise<Restartable> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let stop: (() => Promise<void>) | null = null;
  let child: ReturnType<typeof spawnTracked>['child'] | null = null;
  const start = async () => {
    const started = spawnTracked(
      'chaos redis-server',
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = started.child;
    stop = started.stop;
    await waitFor(
      async () => {
        const Redis = (await import('ioredis')).default;
        const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await r.connect();
          await r.ping();
        } finally {
          r.disconnect();
        }
      },
      15_000,
      `redis-server on ${port}`,
    );
  };
  const kill = () => killTracked(child, stop);
  await start();
  return { url, kill, start };
}

export async function startNats(): Promise<Restartable> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'recsys-chaos-nats-'));
  onCleanup('chaos nats store', () => rmSync(store, { recursive: true, force: true }));
  const url = `nats://127.0.0.1:${port}`;
  let child: ReturnType<typeof spawnTracked>['child'] | null = null;
  let stop: (() => Promise<void>) | null = null;
  const start = async () => {
    const started = spawnTracked(
      'chaos nats-server',
      natsServerBinary(),
      ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store],
      { stdio: 'ignore' },
    );
    child = started.child;
    stop = started.stop;
    await waitFor(
      async () => {
        const nc = await connect({ servers: url, reconnect: false });
        await nc.close();
      },
      15_000,
      `nats-server on ${port}`,
    );
  };
  const kill = () => killTracked(child, stop);
  await start();
  return { url, kill, start };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from '@nats-io/nats-core';
import Redis from 'ioredis';
import { Client } from 'pg';
import { migrate } from '../../libs/db/src/database';
import { freePort, natsServerBinary } from '../../tools/cli/local-services';

export { freePort };

/** The PostgreSQL server tests use (the real one; each suite gets its own fresh database on it). */
export const PG_ROOT_URL = process.env.TEST_DATABASE_ROOT_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_JWT_SECRET = 'test-secret-0123456789-0123456789-abcdef';

/** Drops and recreates database `name`, migrates it, and returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: PG_ROOT_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ROOT_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

/**
 * A fresh migrated database for the spec file that calls this at its top level (jest's
 * beforeAll/afterAll): the returned function gives its URL once beforeAll has run.
 */
export function useFreshDatabase(label: string): () => string {
  const name = `recsys_test_${label}_${process.pid}`;
  let url = '';
  beforeAll(async () => {
    url = await freshDatabase(name);
  });
  afterAll(() => dropDatabase(name));
  return () => url;
}

/** Drops database `name` and the Redis keys of its namespace (test clean-up). */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: PG_ROOT_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await deleteRedisNamespace(`recsys:${name}:`);
}

/** Deletes every Redis key under `prefix` (the services' namespace of one database). */
export async function deleteRedisNamespace(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface NatsHandle {
  url: string;
  process: ChildProcess;
  storeDir: string;
}

export interface NatsOptions {
  /** A configuration file (the shipped one, deploy/nats/nats-server.conf), with JetStream on. */
  configFile?: string;
  /** Variables for nats-server's environment (the configuration's passwords). */
  env?: Record<string, string>;
  /** More command-line options (TLS files, say). */
  args?: string[];
  /** How the readiness probe connects (credentials, TLS) when the configuration asks for it. */
  probe?: ConnectionOptions;
}

/** nats-server stopped before it was ready (its port taken since freePort chose it, a bad configuration). */
class NatsExited extends Error {}

/**
 * Starts a private, real nats-server with JetStream for a test run, so tests never exchange
 * messages with a development instance on the shared server. Without options it is an open
 * server, as on a development machine; `configFile` runs it with a configuration instead.
 * A server that exits at once is tried again on another port (another process may have taken
 * the free one in between); its last output is in the error when it keeps exiting.
 */
export async function startNats(options: NatsOptions = {}): Promise<NatsHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNatsOnce(options);
    } catch (err) {
      if (!(err instanceof NatsExited) || attempt === 3) throw err;
    }
  }
}

async function startNatsOnce(options: NatsOptions): Promise<NatsHandle> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'recsys-nats-'));
  const config = options.configFile ? ['-c', options.configFile] : ['-js'];
  const args = [...config, '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...(options.args ?? [])];
  const child = spawn(natsServerBinary(), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
    env: { ...process.env, ...options.env },
  });
  // Its last output, for the error when it stops at once (the listener also keeps the pipe flowing).
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const url = `nats://127.0.0.1:${port}`;
  const handle = { url, process: child, storeDir };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new NatsExited(`nats-server exited (${child.exitCode}): ${output.trim()}`);
        const { connect } = await import('@nats-io/transport-node');
        const nc = await connect({ ...options.probe, servers: url, reconnect: false });
        await nc.close();
      },
      10_000,
      `nats-server on ${url}`,
      (err) => err instanceof NatsExited,
    );
  } catch (err) {
    // Not left running: the child would keep jest from exiting.
    await stopNats(handle);
    throw err;
  }
  return handle;
}

/** Stops a nats-server started by startNats and removes its store. */
export async function stopNats(handle: NatsHandle): Promise<void> {
  const { process: child } = handle;
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  rmSync(handle.storeDir, { recursive: true, force: true });
}

/** Retries `probe` until it resolves or `timeoutMs` passes; an error `fatal` accepts is thrown at once. */
export async function waitFor(
  probe: () => Promise<unknown>,
  timeoutMs: number,
  what: string,
  fatal: (err: unknown) => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (err) {
      if (fatal(err)) throw err;
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${(last as Error)?.message ?? last}`);
}

export interface RedisHandle {
  url: string;
  process: ChildProcess;
}

/**
 * A private, real redis-server (no persistence) that a test may stop, to see the product without
 * its Redis; the shared one on 6379 is never stopped.
 */
export async function startPrivateRedis(onPort?: number): Promise<RedisHandle> {
  const port = onPort ?? (await freePort());
  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    },
    10_000,
    `redis-server on ${url}`,
  );
  return { url, process: child };
}

/** Kills a redis-server started by startPrivateRedis and waits for it to exit. */
export async function stopPrivateRedis(handle: RedisHandle): Promise<void> {
  if (handle.process.exitCode !== null || handle.process.signalCode !== null) return;
  const exited = new Promise((r) => handle.process.once('exit', r));
  handle.process.kill('SIGKILL');
  await exited;
}

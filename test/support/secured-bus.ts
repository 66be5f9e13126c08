/**
 * The stack of the bus-permission spec: a private nats-server running the shipped configuration
 * (deploy/nats/nats-server.conf) with a random password per user, a fresh database, and every
 * app as the real process under its own NATS user; plus raw clients as any user, an HTTP client
 * for the gateway as the app's backend, and a wait for a durable consumer to drain.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import {
  BUS_USERS,
  busInboxPrefix,
  busPasswordVariable,
  EVENT_STREAM,
  SERVICE_NAMES,
  Subjects,
  type BusUser,
  type DurableConsumerName,
} from '../../libs/contracts/src';
import { tokenFor } from './api';
import {
  dropDatabase,
  freePort,
  freshDatabase,
  type NatsHandle,
  REDIS_URL,
  startNats,
  stopNats,
  TEST_JWT_SECRET,
  waitFor,
} from './infra';
import { NestNatsClient } from './nest-nats-client';
import { startApp, stopApp } from './stack';
import { busPassword, SHIPPED_CONFIG_FILES } from '../../tools/nats-config/nats-permissions';

const ROOT = join(__dirname, '..', '..');
const SHIPPED = join(ROOT, SHIPPED_CONFIG_FILES[0]);

export interface SecuredBus {
  natsUrl: string;
  passwords: Record<BusUser, string>;
  db: Client;
  /** Nest clients logged in as the gateway and as ranking-service. */
  gateway: NestNatsClient;
  ranking: NestNatsClient;
  /** Where each app's log is (`<app>.log`). */
  logDir: string;
  /** A raw connection as `user`, with its reply inboxes (cached per user). */
  as(user: BusUser): Promise<NatsConnection>;
  /** An HTTP call to the gateway as the app's backend (admin). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  http(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Waits until durable consumer `name` (read with its owner's credentials) acknowledged all it got; its ack floor. */
  drained(owner: BusUser, name: DurableConsumerName): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the bus and the product on it: `microservices`, every app a process under its own user;
 * `all`, every app in one process under the user `all`.
 */
export async function startSecuredBus(target: 'microservices' | 'all' = 'microservices'): Promise<SecuredBus> {
  const random = (n: number) => randomBytes(n).toString('base64url');
  const passwords = Object.fromEntries(BUS_USERS.map((u) => [u, busPassword(random)])) as Record<BusUser, string>;
  const databaseName = `recsys_test_nats_auth_${process.pid}_${target}`;
  const logDir = join(ROOT, 'tmp', `nats-auth-logs-${process.pid}-${target}`);
  const processes = new Map<string, ChildProcess>();
  const clients = new Map<BusUser, NatsConnection>();
  const env = Object.fromEntries(BUS_USERS.map((u) => [busPasswordVariable(u), passwords[u]]));
  const nats: NatsHandle = await startNats({
    configFile: SHIPPED,
    env,
    probe: { user: 'gateway', pass: passwords.gateway },
  });
  const databaseUrl = await freshDatabase(databaseName);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const login = (user: BusUser) => ({ user, pass: passwords[user], inboxPrefix: busInboxPrefix(user) });
  const gateway = await NestNatsClient.connect(nats.url, login('gateway'));
  const ranking = await NestNatsClient.connect(nats.url, login('ranking-service'));
  const appEnv = (app: 'gateway' | 'all' | (typeof SERVICE_NAMES)[number]): Record<string, string> => ({
    ...(process.env as Record<string, string>),
    ENVIRONMENT: 'test',
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    NATS_USER: app,
    NATS_PASSWORD: passwords[app],
    RPC_TIMEOUT_MS: '3000',
    // A bulk import (in the spec) enqueues a full retrain: keep it small.
    RETRAIN_CRON: '',
    TRAINING_EPOCHS: '1',
    EMBEDDING_DIMENSION: '8',
  });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  if (target === 'all') {
    processes.set('all', startApp('all', { ...appEnv('all'), PORT: String(port) }, logDir));
  } else {
    for (const service of SERVICE_NAMES) processes.set(service, startApp(service, appEnv(service), logDir));
    for (const service of SERVICE_NAMES)
      await waitFor(() => gateway.send(Subjects.health.ping(service), {}, { timeoutMs: 500 }), 60_000, service);
    processes.set('gateway', startApp('gateway', { ...appEnv('gateway'), PORT: String(port) }, logDir));
  }
  await waitFor(
    async () => {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.status !== 200) throw new Error(`health answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
    },
    60_000,
    'the gateway ready',
  );

  const as = async (user: BusUser): Promise<NatsConnection> => {
    const cached = clients.get(user);
    if (cached) return cached;
    const nc = await connect({ servers: nats.url, ...login(user) });
    clients.set(user, nc);
    return nc;
  };
  return {
    natsUrl: nats.url,
    passwords,
    db,
    gateway,
    ranking,
    logDir,
    as,
    async http(method, path, body) {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${tokenFor('backend', 'admin')}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    async drained(owner, name) {
      const jsm = await jetstreamManager(await as(owner));
      let acked = 0;
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(EVENT_STREAM, name);
          if (info.delivered.stream_seq === 0 || info.num_pending > 0 || info.num_ack_pending > 0)
            throw new Error(`${name}: delivered ${info.delivered.stream_seq}, pending ${info.num_pending}`);
          acked = info.ack_floor.stream_seq;
        },
        20_000,
        `${name} drained`,
      );
      return acked;
    },
    async stop() {
      await Promise.all([...processes.values()].map(stopApp));
      await Promise.all([...clients.values()].map((nc) => nc.close()));
      await gateway.close();
      await ranking.close();
      await db.end();
      await stopNats(nats);
      await dropDatabase(databaseName);
      // A failed log check quotes the lines it found.
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

import type { ChildProcess } from 'node:child_process';
import { jetstream } from '@nats-io/jetstream';
import { Client } from 'pg';
import {
  EVENT_STREAM,
  Subjects,
  type EventPayload,
  type EventSubject,
  type ServiceName,
} from '../../libs/contracts/src';
import {
  dropDatabase,
  freshDatabase,
  type NatsHandle,
  startNats,
  startPrivateRedis,
  stopNats,
  stopPrivateRedis,
} from './infra';
import { NestNatsClient } from './nest-nats-client';
import { startService } from './service-process';
import { stopApp } from './stack';

/** Real service processes on a private NATS and a fresh database, plus clients to drive them. */
export interface ServiceFixture {
  rpc: NestNatsClient;
  db: Client;
  databaseUrl: string;
  nats: NatsHandle;
  processes: Map<string, ChildProcess>;
  /** Reads every event of `subject` currently in the stream. */
  events<S extends EventSubject>(subject: S): Promise<EventPayload<S>[]>;
  stop(): Promise<void>;
}

/** Starts `services` (compiled, from dist/) for one spec file, each with `env` on top of the test environment. */
export async function startServiceFixture(
  name: string,
  services: ServiceName[],
  env: Record<string, string> = {},
): Promise<ServiceFixture> {
  const nats = await startNats();
  const databaseName = `recsys_test_${name}_${process.pid}`;
  const databaseUrl = await freshDatabase(databaseName);
  const rpc = await NestNatsClient.connect(nats.url);
  const processes = new Map<string, ChildProcess>();
  for (const s of services) processes.set(s, await startService(s, databaseUrl, nats.url, rpc, env));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  return {
    rpc,
    db,
    databaseUrl,
    nats,
    processes,
    async events(subject) {
      const js = jetstream(rpc.connection);
      const consumer = await js.consumers.get(EVENT_STREAM, { filter_subjects: subject });
      const out: EventPayload<typeof subject>[] = [];
      for (;;) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) break;
        out.push(msg.json());
      }
      return out;
    },
    async stop() {
      await db.end();
      await Promise.all([...processes.values()].map(stopApp));
      await rpc.close();
      await stopNats(nats);
      await dropDatabase(databaseName);
    },
  };
}

/**
 * Makes profiles through user-service for a ranking spec: a man in Berlin seeking women, with
 * `over` on top, and a woman seeking men. Names are numbered so each is distinct.
 */
export function profileMaker(fx: () => ServiceFixture) {
  let n = 0;
  const newUser = (over: Record<string, unknown> = {}) =>
    fx().rpc.send(Subjects.users.create, {
      name: `U${n++}`,
      age: 30,
      gender: 'male',
      interests: ['hiking'],
      latitude: 52.52,
      longitude: 13.4,
      preferences: { genders: ['female'] },
      ...over,
    } as never);
  const woman = (over: Record<string, unknown> = {}) =>
    newUser({ gender: 'female', preferences: { genders: ['male'] }, ...over });
  return { newUser, woman };
}

/**
 * feature-service on a private redis-server the spec can kill and bring back empty, beside
 * user-service and interaction-service on the fixture's NATS and database.
 */
export interface FeatureStoreFixture {
  fx: ServiceFixture;
  redisUrl: string;
  /** Kills redis-server and starts an empty one on the same port (what a restart without persistence does). */
  restartRedis(): Promise<void>;
  /** Kills redis-server and leaves it down. */
  stopRedis(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFeatureStoreFixture(
  name: string,
  env: Record<string, string> = {},
): Promise<FeatureStoreFixture> {
  const fx = await startServiceFixture(name, ['user-service', 'interaction-service']);
  let redis = await startPrivateRedis();
  fx.processes.set(
    'feature-service',
    await startService('feature-service', fx.databaseUrl, fx.nats.url, fx.rpc, { REDIS_URL: redis.url, ...env }),
  );
  return {
    fx,
    redisUrl: redis.url,
    stopRedis: () => stopPrivateRedis(redis),
    async restartRedis() {
      await stopPrivateRedis(redis);
      redis = await startPrivateRedis(Number(new URL(redis.url).port));
    },
    async stop() {
      await fx.stop();
      await stopPrivateRedis(redis);
    },
  };
}

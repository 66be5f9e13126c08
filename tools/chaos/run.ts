/**
 * `npm run chaos`: a private stack under a steady mixed load, and one fault at a time: kill -9
 * and restart of interaction-service, feature-service and ranking-service, restarts of
 * nats-server, redis-server (which starts empty) and PostgreSQL (an immediate shutdown: a crash).
 * Then what a team adopting the product asks: was any acknowledged swipe lost or stored twice,
 * what failed during each fault and for how long, do the feature counters agree with PostgreSQL
 * again, and have the event consumers resumed.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { DEAD_LETTER_STREAM, DurableConsumers, EVENT_STREAM } from '@app/contracts';
import { ok } from '@app/client';
import { gatewayClient, Tokens } from '../bench/gateway-client';
import { distArgs, ROOT } from '../bench/paths';
import { runTool } from '../bench/children';
import { withClient } from '../bench/database';
import { type AppName, startApp, startStack, type Stack, waitReady } from '../bench/stack';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { sleep, waitFor } from '../bench/wait';
import { killTracked, type Restartable, startNats, startPostgres, startRedis } from './infra';
import { type Attempt, ChaosLoad } from './load';

export interface ChaosOptions {
  /** Seconds each fault window lasts (the fault at its start, the recovery within it). */
  windowSeconds: number;
  /** Seconds a killed process or server stays down before it is started again. */
  downSeconds: number;
  /** Operations a second. */
  rate: number;
  users: number;
  seed: number;
  logDir: string;
}

export const QUICK: Omit<ChaosOptions, 'logDir'> = { windowSeconds: 12, downSeconds: 2, rate: 25, users: 120, seed: 1 };
export const FULL: Omit<ChaosOptions, 'logDir'> = { windowSeconds: 30, downSeconds: 5, rate: 40, users: 400, seed: 1 };

export interface FaultWindow {
  fault: string;
  /** Attempts of any kind in the window, and those that failed (a 5xx, or no answer). */
  attempts: number;
  failed: number;
  errorRate: number;
  /** From the fault until the killed process or server answered again (started and ready). */
  backAfterSeconds: number;
  /** From the fault to the last failed attempt of the window (0: nothing failed). */
  recoverySeconds: number;
  /** Swipe attempts that failed in the window (retried with the same key until acknowledged). */
  swipeFailures: number;
}

export interface ChaosReport {
  options: ChaosOptions;
  windows: FaultWindow[];
  swipes: {
    attempted: number;
    acknowledged: number;
    stored: number;
    lost: number;
    duplicated: number;
    retries: number;
  };
  counters: { converged: boolean; secondsToConverge: number | null; mismatches: string[] };
  consumers: { resumed: boolean; pending: Record<string, number>; deadLetters: number };
  seconds: number;
}

const DATABASE = 'recsys_chaos';
/** How long the counters and consumers get to agree with PostgreSQL after the last fault. */
const CONVERGE_SECONDS = 60;

export async function runChaos(o: ChaosOptions, log: (line: string) => void): Promise<ChaosReport> {
  const t0 = Date.now();
  log('starting a private PostgreSQL, redis-server and nats-server');
  const [postgres, redis, nats] = await Promise.all([startPostgres(), startRedis(), startNats()]);
  const databaseUrl = new URL(postgres.url);
  databaseUrl.pathname = `/${DATABASE}`;
  await runTool('migrate', process.execPath, distArgs('dist/libs/db/src/cli/migrate.js'), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl.toString() },
  });
  const jwtSecret = randomBytes(32).toString('hex');
  const redisPrefix = `recsys-chaos:${process.pid}:`;
  log('starting the seven apps');
  const stack = await startStack({
    target: 'microservices',
    databaseUrl: databaseUrl.toString(),
    natsUrl: nats.url,
    redisUrl: redis.url,
    jwtSecret,
    redisPrefix,
    logDir: o.logDir,
    // Short enough that a request to a killed service fails fast, as it would behind a load balancer.
    appEnv: Object.fromEntries(['gateway', 'ranking-service'].map((a) => [a, { RPC_TIMEOUT_MS: '2000' }])) as Partial<
      Record<AppName, Record<string, string>>
    >,
  });
  const tokens = new Tokens(jwtSecret);
  const users = await createUsers(stack, tokens, o.users);
  const rng = new SeededRandom(o.seed);
  const load = new ChaosLoad(stack.baseUrl, tokens, users, o.rate, () => rng.next());
  log(`load: ${o.rate} operations a second on ${users.length} people`);
  load.start();
  await sleep(3000);

  const app = (name: AppName): Restartable => ({
    url: name,
    kill: () => {
      const a = stack.apps.get(name)!;
      return killTracked(a.child, a.stop);
    },
    start: async () => {
      startApp(stack, name);
      await waitReady(stack, 120_000);
    },
  });
  const faults: [string, Restartable][] = [
    ['kill -9 interaction-service', app('interaction-service')],
    ['kill -9 feature-service', app('feature-service')],
    ['kill -9 ranking-service', app('ranking-service')],
    ['restart nats-server', nats],
    ['restart redis-server (empty)', redis],
    ['restart PostgreSQL (immediate shutdown)', postgres],
  ];
  const windows: FaultWindow[] = [];
  for (const [fault, target] of faults) {
    log(fault);
    const from = Date.now();
    await target.kill();
    await sleep(o.downSeconds * 1000);
    await target.start();
    const back = Date.now();
    await sleep(Math.max(0, from + o.windowSeconds * 1000 - Date.now()));
    windows.push(windowOf(fault, load.attempts, from, back, Date.now()));
  }
  log('stopping the load; retrying the swipes not yet acknowledged');
  await load.stop(30_000);
  const lastFault = Date.now();

  const swipes = await checkSwipes(databaseUrl.toString(), load);
  log(`swipes: ${swipes.acknowledged} acknowledged, ${swipes.lost} lost, ${swipes.duplicated} duplicated`);
  const counters = await checkCounters(databaseUrl.toString(), redis.url, redisPrefix, lastFault);
  const consumers = await checkConsumers(nats.url);
  return { options: o, windows, swipes, counters, consumers, seconds: Math.round((Date.now() - t0) / 1000) };
}

async function createUsers(stack: Stack, tokens: Tokens, n: number): Promise<number[]> {
  const admin = tokens.sign('chaos', 'admin');
  const genders = ['female', 'male'] as const;
  const users = Array.from({ length: n }, (_, i) => ({
    name: `Chaos ${i}`,
    age: 22 + (i % 20),
    gender: genders[i % 2],
    interests: ['hiking', 'travel'],
    preferences: { genders: [genders[(i + 1) % 2]] },
  }));
  const created = await ok(gatewayClient(stack.baseUrl, admin).POST('/api/v1/users/batch', { body: { users } }));
  return created.items.map((u) => u.id);
}

export function windowOf(
  fault: string,
  attempts: readonly Attempt[],
  from: number,
  back: number,
  to: number,
): FaultWindow {
  const inWindow = attempts.filter((a) => a.at >= from && a.at < to);
  const failed = inWindow.filter((a) => !a.ok);
  const lastFailure = failed.length ? Math.max(...failed.map((a) => a.at)) : from;
  return {
    fault,
    attempts: inWindow.length,
    failed: failed.length,
    errorRate: inWindow.length ? Math.round((failed.length / inWindow.length) * 1000) / 1000 : 0,
    backAfterSeconds: Math.round((back - from) / 100) / 10,
    recoverySeconds: Math.round((lastFailure - from) / 100) / 10,
    swipeFailures: failed.filter((a) => a.kind === 'swipe').length,
  };
}

/** Acknowledged swipes against what PostgreSQL holds: each exactly once, under its idempotency key. */
async function checkSwipes(url: string, load: ChaosLoad): Promise<ChaosReport['swipes']> {
  const acknowledged = load.swipes.filter((s) => s.acknowledged);
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ actor_id: number; target_id: number; type: string; n: number }>(
      `SELECT actor_id, target_id, type, count(*)::int AS n FROM interactions GROUP BY actor_id, target_id, type`,
    );
    const stored = new Map(rows.map((r) => [`${r.actor_id}:${r.target_id}:${r.type}`, r.n]));
    const keys = await c.query<{ key: string; n: number }>(
      `SELECT key, count(*)::int AS n FROM idempotency_keys GROUP BY key`,
    );
    const perKey = new Map(keys.rows.map((r) => [r.key, r.n]));
    let lost = 0;
    let duplicated = 0;
    for (const s of acknowledged) {
      const n = stored.get(`${s.actor}:${s.target}:${s.type}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1 || (perKey.get(s.key) ?? 0) > 1) duplicated++;
    }
    return {
      attempted: load.swipes.length,
      acknowledged: acknowledged.length,
      stored: rows.reduce((sum, r) => sum + r.n, 0),
      lost,
      duplicated,
      retries: load.swipes.reduce((sum, s) => sum + Math.max(0, s.attempts - 1), 0),
    };
  });
}

/**
 * The real-time counters in Redis against PostgreSQL: the run's database is new, so every kept
 * event is in the counters, and each person's likes received, likes given and swipes given must
 * equal the rows. Polled until they agree or CONVERGE_SECONDS pass.
 */
async function checkCounters(
  url: string,
  redisUrl: string,
  prefix: string,
  since: number,
): Promise<ChaosReport['counters']> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  let mismatches: string[] = [];
  try {
    const converged = await waitFor(
      async () => {
        const truth = await withClient(url, (c) =>
          c.query<{ id: number; received: number; given: number; swipes: number }>(
            `SELECT u.id,
                    (SELECT count(*) FROM interactions i WHERE i.target_id = u.id AND i.type IN ('like', 'super_like'))::int AS received,
                    (SELECT count(*) FROM interactions i WHERE i.actor_id = u.id AND i.type IN ('like', 'super_like'))::int AS given,
                    (SELECT count(*) FROM interactions i WHERE i.actor_id = u.id AND i.type <> 'block')::int AS swipes
               FROM users u`,
          ),
        );
        const pipe = redis.pipeline();
        for (const r of truth.rows)
          for (const counter of ['likes_received', 'likes_given', 'swipes_given'])
            pipe.zcard(`${prefix}fs:rt:${r.id}:${counter}`);
        const counts = ((await pipe.exec()) ?? []).map(([, n]) => Number(n));
        mismatches = [];
        truth.rows.forEach((r, i) => {
          const [received, given, swipes] = counts.slice(3 * i, 3 * i + 3);
          if (received !== r.received || given !== r.given || swipes !== r.swipes)
            mismatches.push(
              `user ${r.id}: likes received ${received}/${r.received}, given ${given}/${r.given}, swipes ${swipes}/${r.swipes}`,
            );
        });
        if (mismatches.length) throw new Error(`${mismatches.length} people disagree, e.g. ${mismatches[0]}`);
        return true;
      },
      CONVERGE_SECONDS * 1000,
      'the counters',
      1000,
    ).catch(() => false);
    return {
      converged,
      secondsToConverge: converged ? Math.round((Date.now() - since) / 100) / 10 : null,
      mismatches: mismatches.slice(0, 10),
    };
  } finally {
    redis.disconnect();
  }
}

/** Every durable consumer has delivered and had acknowledged everything; dead letters counted. */
async function checkConsumers(natsUrl: string): Promise<ChaosReport['consumers']> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const pending: Record<string, number> = {};
    const resumed = await waitFor(
      async () => {
        for (const name of Object.values(DurableConsumers)) {
          const info = await jsm.consumers.info(EVENT_STREAM, name).catch(() => null);
          // A consumer that was never created (its service saw no event of its kind) is not behind.
          pending[name] = info ? info.num_pending + info.num_ack_pending : 0;
        }
        if (Object.values(pending).some((n) => n > 0)) throw new Error(JSON.stringify(pending));
        return true;
      },
      CONVERGE_SECONDS * 1000,
      'the consumers',
      1000,
    ).catch(() => false);
    const dlq = await jsm.streams.info(DEAD_LETTER_STREAM).catch(() => null);
    return { resumed, pending, deadLetters: dlq?.state.messages ?? 0 };
  } finally {
    await nc.close();
  }
}

/** The report as a few lines of text. */
export function describe(r: ChaosReport): string {
  const lines = [
    `${r.swipes.acknowledged} of ${r.swipes.attempted} swipes acknowledged (${r.swipes.retries} retries with the same key): ` +
      `${r.swipes.lost} lost, ${r.swipes.duplicated} duplicated`,
    ...r.windows.map(
      (w) =>
        `  ${w.fault.padEnd(42)} ${String(w.failed).padStart(4)} of ${String(w.attempts).padStart(4)} attempts failed ` +
        `(${(w.errorRate * 100).toFixed(1)}%); back after ${w.backAfterSeconds} s, last failure at ${w.recoverySeconds} s`,
    ),
    `counters ${r.counters.converged ? `agree with PostgreSQL ${r.counters.secondsToConverge} s after the last fault` : `do NOT agree with PostgreSQL: ${r.counters.mismatches[0]}`}`,
    `consumers ${r.consumers.resumed ? 'resumed, nothing pending' : `still behind: ${JSON.stringify(r.consumers.pending)}`}; ${r.consumers.deadLetters} dead letters`,
    `${r.seconds} s in all`,
  ];
  return lines.join('\n');
}

export const LOG_DIR = join(ROOT, 'tmp', 'chaos-logs');

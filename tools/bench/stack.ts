/**
 * Starts the product from dist/ against the bench database and a private NATS, in one of its two
 * shapes (`microservices`: the seven apps, one process each; `all`: every app in one process),
 * the way test/support/stack.ts does for the e2e tests (tools do not import from test/), with
 * settings for measuring: INFO logs (DEBUG writes a line per request), no rate limit, no retrain
 * schedule.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@app/contracts/services';
import { spawnTracked } from './children';
import { freePort } from './nats';
import { distArgs, ROOT } from './paths';
import { waitFor } from './wait';
import { withAppNodeOptions } from '../cli/app-env';

export const APPS = ['gateway', ...SERVICE_NAMES] as const;
export type AppName = (typeof APPS)[number];

/** The two shapes the product runs in, and what `--target both` runs in turn. */
export const STACK_TARGETS = ['microservices', 'all'] as const;
export type StackTarget = (typeof STACK_TARGETS)[number];
/** A process of a stack: one app, or every app (`all`). */
export type ProcessName = AppName | 'all';

export interface Stack {
  target: StackTarget;
  baseUrl: string;
  env: Record<string, string>;
  logDir: string;
  /** Apps that exited while the bench still needed them, with how: a crash under load is a finding. */
  exits: { app: string; code: number | null; signal: string | null; at: string }[];
  apps: Map<ProcessName, { child: ChildProcess; stop: () => Promise<void> }>;
}

export interface StackOptions {
  target: StackTarget;
  databaseUrl: string;
  natsUrl: string;
  jwtSecret: string;
  /** Namespace of every Redis key (cache, counters, queue) of this run: see redis-keys.ts. */
  redisPrefix: string;
  /** The Redis to use (default: REDIS_URL, or the machine's). */
  redisUrl?: string;
  logDir: string;
  /** Per-app settings on top of the shared ones (e.g. the ranking-service's cache TTL); with `all`, all of them. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const port = await freePort();
  mkdirSync(o.logDir, { recursive: true });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // As a deployment would: production's checks apply, and what they refuse by default is allowed
    // explicitly below.
    ENVIRONMENT: 'production',
    // The bench's private nats-server has no accounts, and PostgreSQL trusts loopback logins.
    ALLOW_UNAUTHENTICATED_NATS: 'true',
    ALLOW_PASSWORDLESS_DATABASE: 'true',
    LOG_LEVEL: 'INFO',
    DATABASE_URL: o.databaseUrl,
    NATS_URL: o.natsUrl,
    REDIS_URL: o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: o.redisPrefix,
    TRAINING_REDIS_PREFIX: o.redisPrefix.replace(/:$/, ''),
    JWT_SECRET: o.jwtSecret,
    PORT: String(port),
    // The load would otherwise be throttled per user at 1,200 a minute (admin polling included).
    // Off, the limiters make no Redis round trip, as in the figures measured before they used Redis.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_PER_MINUTE: '0',
    AUTH_FAILURES_PER_MINUTE: '0',
    // Only the bench's own POST /refresh trains: a scheduled retrain in the middle of a load
    // scenario would measure the trainer, not the API.
    RETRAIN_CRON: '',
  };
  const stack: Stack = {
    target: o.target,
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    logDir: o.logDir,
    exits: [],
    apps: new Map(),
  };
  if (o.target === 'all') startApp(stack, 'all', Object.assign({}, ...Object.values(o.appEnv ?? {})));
  else for (const app of APPS) startApp(stack, app, o.appEnv?.[app] ?? {});
  await waitReady(stack, 180_000);
  return stack;
}

/** Starts (or restarts) one app with the stack's settings plus `extra`; logs append to <logDir>/<app>.log. */
export function startApp(stack: Stack, app: ProcessName, extra: Record<string, string> = {}): void {
  const log = createWriteStream(join(stack.logDir, `${app}.log`), { flags: 'a' });
  const started = spawnTracked(app, process.execPath, distArgs('dist/apps/launcher/src/main.js', ['--target', app]), {
    cwd: ROOT,
    env: withAppNodeOptions({ ...stack.env, ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.child.stdout!.pipe(log);
  started.child.stderr!.pipe(log);
  let stopping = false;
  started.child.once('exit', (code, signal) => {
    if (!stopping) stack.exits.push({ app, code, signal, at: new Date().toISOString() });
  });
  stack.apps.set(app, {
    child: started.child,
    stop: async () => {
      stopping = true;
      await started.stop();
    },
  });
}

/**
 * Restarts one app with other settings (with `all`, the one process running it) and waits until
 * the stack is ready again.
 */
export async function restartApp(stack: Stack, app: AppName, extra: Record<string, string>): Promise<void> {
  const process = stack.target === 'all' ? 'all' : app;
  await stack.apps.get(process)?.stop();
  startApp(stack, process, extra);
  await waitReady(stack, 180_000);
}

/** Waits until the gateway reports every dependency and service up; fails early if an app died. */
export async function waitReady(stack: Stack, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const dead = [...stack.apps].filter(([, a]) => a.child.exitCode !== null);
      if (dead.length)
        throw Object.assign(
          new Error(
            `${dead.map(([n, a]) => `${n} exited with ${a.child.exitCode}`).join(', ')}; logs in ${stack.logDir}`,
          ),
          { fatal: true },
        );
      // GET /health, not /ready: every service answering, not only this gateway replica.
      const res = await fetch(`${stack.baseUrl}/api/v1/health`);
      if (res.status !== 200) throw new Error(`health answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    },
    timeoutMs,
    'the stack',
    500,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${tailOfLogs(stack)}`);
  });
}

export async function stopStack(stack: Stack): Promise<void> {
  await Promise.all([...stack.apps.values()].map((a) => a.stop()));
}

export interface LoggedProblems {
  warn: number;
  error: number;
  /** Warnings and errors per bench phase (by the line's time): start-up noise apart from errors under load. */
  byPhase: Record<string, number>;
  samples: string[];
}

/**
 * Warnings and errors each app logged: problems the product had during the bench. `phases` are
 * the bench's phase names with their start times, in order.
 */
export function logProblems(
  stack: Stack,
  phases: readonly (readonly [string, number])[],
): Record<string, LoggedProblems> {
  const out: Record<string, LoggedProblems> = {};
  for (const app of stack.apps.keys()) {
    let text: string;
    try {
      text = readFileSync(join(stack.logDir, `${app}.log`), 'utf8');
    } catch {
      continue;
    }
    const entry: LoggedProblems = { warn: 0, error: 0, byPhase: {}, samples: [] };
    for (const line of text.split('\n')) {
      // Structured lines by level; anything else a process printed (Node's own warnings, a crash's
      // stack) by its wording.
      const plain = line.startsWith('{')
        ? null
        : /error|exception/i.test(line)
          ? 'error'
          : /warning/i.test(line)
            ? 'warn'
            : null;
      const level = /"level":"(warn|error|fatal)"/.exec(line)?.[1] ?? plain;
      if (!level) continue;
      if (level === 'warn') entry.warn++;
      else entry.error++;
      const at = Date.parse(/"time":"([^"]+)"/.exec(line)?.[1] ?? '');
      const phase = Number.isNaN(at) ? 'unknown' : ([...phases].reverse().find(([, t]) => t <= at)?.[0] ?? 'before');
      entry.byPhase[phase] = (entry.byPhase[phase] ?? 0) + 1;
      if (entry.samples.length < 5) entry.samples.push(`${phase}: ${messageOf(line)}`);
    }
    if (entry.warn || entry.error) out[app] = entry;
  }
  return out;
}

function messageOf(line: string): string {
  try {
    const j = JSON.parse(line) as { level?: string; msg?: string; context?: string };
    return `${j.level ?? ''} ${j.context ? `[${j.context}] ` : ''}${j.msg ?? ''}`.slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

function tailOfLogs(stack: Stack): string {
  return [...stack.apps.keys()]
    .map((app) => {
      try {
        const lines = readFileSync(join(stack.logDir, `${app}.log`), 'utf8')
          .trim()
          .split('\n');
        return `--- ${app} (last lines) ---\n${lines.slice(-5).join('\n')}`;
      } catch {
        return '';
      }
    })
    .join('\n');
}

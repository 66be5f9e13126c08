import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES } from '../../libs/contracts/src/services';
import { freePort, REDIS_URL, TEST_JWT_SECRET, waitFor } from './infra';
import { withAppNodeOptions } from '../../tools/cli/app-env';

const ROOT = resolve(__dirname, '..', '..');
const APPS = ['gateway', ...SERVICE_NAMES] as const;

export interface Stack {
  baseUrl: string;
  env: Record<string, string>;
  processes: Map<string, ChildProcess>;
  logDir: string;
}

/**
 * How the e2e stack runs the apps: `microservices` (one process each, the default) or `all` (one
 * process running every app, TARGET=all), from E2E_TARGET. `npm test` runs the suite against
 * the first, then its API-only specs against the second (scripts/test.sh).
 */
export const E2E_TARGET = process.env.E2E_TARGET === 'all' ? 'all' : 'microservices';

/**
 * Starts every app from dist/ (built by `npm test` first) against the given database and NATS,
 * one process each or all in one (E2E_TARGET), logs to files, and waits until the gateway
 * reports every service ready.
 */
export async function startStack(
  databaseUrl: string,
  natsUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<Stack> {
  const port = await freePort();
  const logDir = join(ROOT, 'tmp', 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const env = {
    ...process.env,
    ENVIRONMENT: 'test',
    // Debug level writes one access line per request: the request-id test reads them.
    LOG_LEVEL: 'DEBUG',
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
    // The suites call one gateway from one address, as many users and admins: limits are tested
    // on gateways of their own (rate-limits.e2e-spec.ts).
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_PER_MINUTE: '0',
    AUTH_FAILURES_PER_MINUTE: '0',
    // Short, so tests of a dead service see 503 quickly.
    RPC_TIMEOUT_MS: '2000',
    // A failing event becomes a dead letter within seconds (5 deliveries), not the default 80 s.
    EVENT_REDELIVERY_BACKOFF_MS: '200,400,800,1600',
    // Webhook retries within a test's patience: 0.3 s, then 0.6 s; three attempts in all.
    WEBHOOK_RETRY_BASE_MS: '300',
    WEBHOOK_MAX_ATTEMPTS: '3',
    ...extraEnv,
  } as Record<string, string>;
  const processes = new Map<string, ChildProcess>();
  for (const app of E2E_TARGET === 'all' ? ['all'] : APPS) processes.set(app, startApp(app, env, logDir));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        // GET /health, not /ready: every service answering, not only the gateway replica.
        const res = await fetch(`${baseUrl}/api/v1/health`);
        if (res.status !== 200) throw new Error(`health answered ${res.status}: ${await downParts(res)}`);
      },
      60_000,
      'the stack',
    );
  } catch (err) {
    // A stack that did not come up is stopped here: its caller has nothing to stop in its
    // afterAll, and processes left running keep jest from exiting.
    await Promise.all([...processes.values()].map(stopApp));
    throw err;
  }
  return { baseUrl, env, processes, logDir };
}

/** What a failed health report says is down, each part with its message (logs in tmp/e2e-logs). */
async function downParts(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const report = JSON.parse(text) as { error?: Record<string, { message?: string }> };
    const down = Object.entries(report.error ?? {}).map(([part, r]) => `${part} (${r.message ?? 'down'})`);
    if (down.length) return `down: ${down.join(', ')}`;
  } catch {
    // Not a health report: quoted below.
  }
  return text.slice(0, 300);
}

/** The command line of one process running `target` (an app, or `all`) from dist/. */
export function launcherArgs(target: string): string[] {
  return [join(ROOT, 'scripts', 'run-dist.js'), 'dist/apps/launcher/src/main.js', '--target', target];
}

/**
 * Starts one app, or every app in one process with `all` (also used to restart a killed service
 * in resilience tests).
 */
export function startApp(app: string, env: Record<string, string>, logDir: string): ChildProcess {
  const log = createWriteStream(join(logDir, `${app}.log`), { flags: 'a' });
  const child = spawn(process.execPath, launcherArgs(app), {
    cwd: ROOT,
    env: withAppNodeOptions(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Stops one app and waits for it to exit. */
export async function stopApp(child: ChildProcess): Promise<void> {
  // A process ended by a signal (Nest re-raises SIGTERM after its shutdown) has no exit code.
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stops every app of the stack. */
export async function stopStack(stack: Stack): Promise<void> {
  await Promise.all([...stack.processes.values()].map(stopApp));
}

export interface ExtraGateway {
  baseUrl: string;
  child: ChildProcess;
  env: Record<string, string>;
}

/** The environment of one more app process beside the e2e stack: its database, NATS, Redis and key, then `extra`. */
export function stackAppEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...process.env,
    ENVIRONMENT: 'test',
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    NATS_URL: process.env.E2E_NATS_URL!,
    REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    ...extra,
  } as Record<string, string>;
}

/**
 * One more gateway process beside the e2e stack (same database, NATS and services), with its
 * own settings: a replica, or a gateway with other keys or limits. Stop it with stopApp.
 */
export async function startGateway(extraEnv: Record<string, string>, logDir: string): Promise<ExtraGateway> {
  const port = await freePort();
  const env = stackAppEnv({ PORT: String(port), ...extraEnv });
  const child = startApp('gateway', env, logDir);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
        if ((await fetch(`${baseUrl}/api/v1/health/live`)).status !== 200) throw new Error('not up');
      },
      30_000,
      `a gateway on ${baseUrl}`,
    );
  } catch (err) {
    await stopApp(child);
    throw err;
  }
  return { baseUrl, child, env };
}

/** Starts an app that is expected to refuse its settings: its exit code and everything it printed. */
export function bootFailure(
  app: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, launcherArgs(app), {
    cwd: ROOT,
    env: withAppNodeOptions(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

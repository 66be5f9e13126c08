import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ServiceName, Subjects } from '../../libs/contracts/src';
import { REDIS_URL, TEST_JWT_SECRET, waitFor } from './infra';
import type { NestNatsClient } from './nest-nats-client';
import { startApp } from './stack';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Starts one compiled service against `databaseUrl`/`natsUrl` and waits for its health ping.
 * `env` sets or overrides variables for this process only (a shorter poll, a longer interval).
 */
export async function startService(
  service: ServiceName,
  databaseUrl: string,
  natsUrl: string,
  client: NestNatsClient,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const logDir = join(ROOT, 'tmp', 'integration-logs');
  mkdirSync(logDir, { recursive: true });
  const full = {
    ...process.env,
    ENVIRONMENT: 'test',
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    ...env,
  } as Record<string, string>;
  const child = startApp(service, full, logDir);
  await waitFor(() => client.send(Subjects.health.ping(service), {}, { timeoutMs: 500 }), 30_000, service);
  return child;
}

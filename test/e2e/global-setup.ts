import { freshDatabase, startNats } from '../support/infra';
import { startStack } from '../support/stack';

/** Starts a private NATS, a fresh migrated database and every app; workers read the URL from env. */
export default async function globalSetup(): Promise<void> {
  const nats = await startNats();
  // One database per run, so concurrent runs (two developers, a helper) never collide.
  const databaseName = `recsys_test_e2e_${process.pid}`;
  const databaseUrl = await freshDatabase(databaseName);
  const stack = await startStack(databaseUrl, nats.url);
  process.env.E2E_BASE_URL = stack.baseUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_NATS_URL = nats.url;
  (globalThis as Record<string, unknown>).__E2E__ = { nats, stack, databaseName };
}

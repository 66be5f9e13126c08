import { dropDatabase, type NatsHandle, stopNats } from '../support/infra';
import { type Stack, stopStack } from '../support/stack';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__E2E__ as
    { nats: NatsHandle; stack: Stack; databaseName: string } | undefined;
  if (!state) return;
  await stopStack(state.stack);
  await stopNats(state.nats);
  await dropDatabase(state.databaseName);
}

import { ServerNats } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/nats-core';

/**
 * Nest's NATS server, stopping without dropping a request. Nest's graceful shutdown
 * unsubscribes, which discards messages the client has received but not yet handed to a
 * handler: under load a stopping replica lost a few requests, and their callers waited for
 * RPC_TIMEOUT_MS (e2e: operations, "stopping one drops no request"). Draining instead hands
 * those to the handlers first, then unsubscribes; Nest then waits its grace period for the
 * handlers' replies and closes the connection.
 */
export class DrainingNatsServer extends ServerNats {
  override async close(): Promise<void> {
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions ?? [];
    await Promise.all(subscriptions.map((s) => s.drain().catch(() => undefined)));
    await super.close();
  }
}

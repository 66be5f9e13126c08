import { ServerNats } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/nats-core';
import { handlerRoute } from './handler-route';

/**
 * Nest's NATS server, stopping without dropping a request. Nest's graceful shutdown
 * unsubscribes, which discards messages the client has received but not yet handed to a
 * handler: under load a stopping replica lost a few requests, and their callers waited for
 * RPC_TIMEOUT_MS (e2e: operations, "stopping one drops no request"). Draining instead hands
 * those to the handlers first, then unsubscribes; Nest then waits its grace period for the
 * handlers' replies and closes the connection.
 *
 * It also finds a message's handler without Nest's JSON.parse of every subject (handler-route.ts).
 */
export class DrainingNatsServer extends ServerNats {
  override async close(): Promise<void> {
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions ?? [];
    await Promise.all(subscriptions.map((s) => s.drain().catch(() => undefined)));
    await super.close();
  }

  override getRouteFromPattern(pattern: string): string {
    return handlerRoute(pattern, this.messageHandlers, (subject) => super.getRouteFromPattern(subject));
  }
}

import { NatsContext, ServerNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { defer, lastValueFrom, mergeMap, timeout } from 'rxjs';
import type { SharedNatsConnection } from '../nats/shared-nats-connection';
import type { Colocation } from './colocation';
import { handlerRoute } from './handler-route';

type NestNatsOptions = ConstructorParameters<typeof ServerNats>[0];

/** Nest's NATS server options this server takes: the queue group, the reply serializer, the grace period. */
export type DrainingNatsServerOptions = Pick<NestNatsOptions, 'queue' | 'serializer' | 'gracePeriod'>;

/** What of ServerNats's private state this server works with. */
interface ServerNatsInternals {
  natsClient: NatsConnection | null;
  subscriptions: Subscription[];
  waitForGracePeriod(): Promise<void>;
}

/**
 * Nest's NATS server over the process's one connection (SharedNatsConnection), stopping
 * without dropping a request.
 *
 * Nest's server opens a connection of its own, with no option to take one: this server hands
 * it the shared one instead (createNatsClient) and leaves it open when it closes, for its owner
 * to drain after everything else that uses it.
 *
 * Nest's graceful shutdown unsubscribes, which discards messages the client has received but
 * not yet handed to a handler: under load a stopping replica lost a few requests, and their
 * callers waited for RPC_TIMEOUT_MS (e2e: operations, "stopping one drops no request").
 * Draining instead hands those to the handlers first, then unsubscribes; the server then waits
 * its grace period for the handlers' replies.
 *
 * It also finds a message's handler without Nest's JSON.parse of every subject (handler-route.ts).
 */
export class DrainingNatsServer extends ServerNats {
  private closed = false;

  constructor(
    options: DrainingNatsServerOptions,
    private readonly nats: SharedNatsConnection,
  ) {
    super(options);
  }

  override createNatsClient(): Promise<NatsConnection> {
    return this.nats.get();
  }

  override async close(): Promise<void> {
    const self = this as unknown as ServerNatsInternals;
    if (!self.natsClient) return;
    await Promise.all(self.subscriptions.map((s) => s.drain().catch(() => undefined)));
    await self.waitForGracePeriod();
    // Not closed here: the connection is the process's (SharedNatsConnection closes it last).
    this.closed = true;
    self.natsClient = null;
    this.statusEventEmitter.removeAllListeners();
  }

  /**
   * A reply from a handler that outlived the grace period is dropped, as when the server closed
   * its own connection then: the shutdown hooks that follow (ImpressionsWriter's last flush)
   * count such an answer as never shown.
   */
  override getPublisher(natsMsg: unknown, id: string, ctx: NatsContext): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    return (response) => (this.closed ? undefined : publish(response));
  }

  /**
   * Also answers every subject of this server in process (TARGET=all): the caller's request
   * object goes to the same handler through the same pipeline (schema check, latency, the error
   * filter) with its headers, and the handler's reply, or its ErrorPayload, comes back as it is.
   * A reply later than the caller's timeout fails as rxjs's TimeoutError, which the RpcClient
   * maps as it maps a NATS timeout.
   */
  serveInProcess(colocation: Colocation): void {
    for (const subject of this.getHandlers().keys()) {
      const handler = this.getHandlerByPattern(subject)!;
      colocation.serve(subject, (data, headers, timeoutMs) =>
        lastValueFrom(
          defer(() => handler(data, new NatsContext([subject, headers]))).pipe(
            mergeMap((result) => this.transformToObservable(result)),
            timeout(timeoutMs),
          ),
        ),
      );
    }
  }

  override getRouteFromPattern(pattern: string): string {
    return handlerRoute(pattern, this.messageHandlers, (subject) => super.getRouteFromPattern(subject));
  }
}

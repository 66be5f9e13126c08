import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type NatsConnectionOptions, serversForLog, toConnectOptions } from './nats-connect-options';

/**
 * The process's one NATS connection, shared by everything in it that speaks NATS: the Nest
 * server's handlers (DrainingNatsServer), the RpcClient, and the event stream (publishing,
 * stream administration and every consumer). Each of those used to open its own, up to five
 * per process: as many sockets, read loops, PING timers and entries in nats-server.
 *
 * Made on first use, as Nest's client did (the gateway starts, and answers its HTTP health
 * checks, while NATS is still down); a failed attempt is forgotten, so the next use tries again;
 * once connected, nats.js reconnects on its own, indefinitely. Drained at shutdown after every
 * other user of it: MessagingModule is registered before the app's modules, so Nest runs this
 * hook after theirs (and after the server's grace period, the outbox relay's last pass and the
 * consumers' end).
 *
 * It connects as the app's NATS user (NATS_USER/NATS_PASSWORD) with its own reply inboxes
 * (nats-connect-options.ts); with credentials on a server that asks for none, it warns once.
 */
@Injectable()
export class SharedNatsConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Nats');
  private connection: Promise<NatsConnection> | null = null;
  private closed = false;
  private checkedAuth = false;

  constructor(private readonly options: NatsConnectionOptions) {}

  /** The connection, connecting on first use (rejects while NATS cannot be reached). */
  get(): Promise<NatsConnection> {
    if (this.closed) return Promise.reject(new Error('NATS connection closed'));
    if (!this.connection) {
      const attempt = connect(toConnectOptions(this.options));
      this.connection = attempt;
      attempt.then(
        (nc) => this.checkAuth(nc),
        () => {
          if (this.connection === attempt) this.connection = null;
        },
      );
    }
    return this.connection;
  }

  /** Credentials the server does not ask for protect nothing: says so once (its permissions do not apply). */
  private checkAuth(nc: NatsConnection): void {
    if (this.checkedAuth || !this.options.credentials) return;
    this.checkedAuth = true;
    if (nc.info && !nc.info.auth_required)
      this.logger.warn(
        `NATS at ${serversForLog(this.options.servers)} requires no authentication: ` +
          'any client may call every service and publish any event there',
      );
  }

  /** Round trip to the NATS server in ms (throws when unreachable). */
  async roundTripMs(): Promise<number> {
    return (await this.get()).rtt();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    try {
      await (await connection).drain();
    } catch {
      // Never connected, or already closed: nothing to let go of.
    }
  }
}
